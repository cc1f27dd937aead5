package dev.relib.processor;

import java.util.Locale;

/**
 * Every diagnostic the processor prints. Each text starts with a stable tag (tools and tests can
 * match it across versions), then says what was found, the rule it breaks, and how to fix it.
 */
enum Messages {
  NOT_AN_INTERFACE(
      "RelibNotAnInterface",
      "%s is annotated @%s but is %s: @%s marks a public interface of the shared API; declare %s as"
          + " an interface or remove the annotation"),
  NOT_PUBLIC(
      "RelibNotPublic",
      "@%s interface %s is not visible to modules (%s): the interface must be public and top-level"
          + " or nested in public types; make it public"),
  GENERIC_INTERFACE(
      "RelibGenericInterface",
      "@%s interface %s declares type parameters %s: a bridged interface cannot be generic, since a"
          + " bridge must fix every type; remove the type parameters (declare one interface per"
          + " type)"),
  GENERIC_METHOD(
      "RelibGenericMethod",
      "method %s declares type parameters %s: bridged methods cannot be generic, since a bridge"
          + " must know how each value crosses; use concrete types"),
  MUTABLE_PARAMETER(
      "RelibMutableParameter",
      "parameter '%s' of %s has the mutable type %s%s: parameters must be Copy types; pass an"
          + " immutable type (a Copy type: record of Copy components, String, …) or mark the"
          + " parameter @Borrowed"),
  SAME_SIDE_PARAMETER(
      "RelibSameSideParameter",
      "parameter '%s' of %s has the type %s, an @%s interface like the method's own: a callback"
          + " parameter of an @%s method must be implemented by the caller's side, that is an @%s"
          + " interface; annotate %s @%s, or pass a Copy value instead"),
  UNSUPPORTED_RETURN(
      "RelibUnsupportedReturn",
      "method %s returns %s, which cannot cross the boundary (%s): returns must be void, a Copy"
          + " type, a clonable type (an array, List, Set, Map or Optional of supported types, a"
          + " record of those, or a class with a public copy constructor or copy() method) or a"
          + " handle interface; %s"),
  WRONG_SIDE_RETURN(
      "RelibWrongSideReturn",
      "method %s returns %s, %s: an @%s method can return only @%s interfaces as handles, alone or"
          + " inside the value it returns, since a handle's object lives on the side that"
          + " implements the method; annotate %s @%s, or return a Copy value instead"),
  RESERVED_METHOD(
      "RelibReservedMethod",
      "method %s has the signature of the bridges' own retarget(Object): a bridge could not"
          + " implement it next to the one it inherits; rename the method"),
  INACCESSIBLE_TYPE(
      "RelibInaccessibleType",
      "%s uses %s, which a module cannot load (%s): every type in a bridged signature must be"
          + " public and nested only in public types, since it is shared through the API; make"
          + " %s public"),
  COPY_NOT_FINAL(
      "RelibCopyNotFinal",
      "@Copy type %s is %s: a @Copy type must be a final class or a record, so that no subclass can"
          + " add mutable state; declare it final (or as a record)"),
  COPY_FIELD(
      "RelibCopyField",
      "field '%s' of @Copy type %s %s: every instance field of a @Copy type must be final and of a"
          + " Copy type; %s"),
  UNREADABLE_COPY_FIELD(
      "RelibUnreadableCopyField",
      "field '%s' of @Copy type %s (%s) cannot be read by the generated bridge (%s; %s has no"
          + " public %s() or %s() returning %s): a bridge checks what each Optional in a returned"
          + " value holds, since an unchecked cast could make it hold an object of the other side,"
          + " whose class loader the receiver would then keep; add to %s a public method %s()"
          + " returning the field, or make the field public"),
  INVALID_COPY_TYPE(
      "RelibInvalidCopyType",
      "%s uses the @Copy type %s from the class path, which is not immutable (%s): a @Copy type"
          + " must be a final class or record whose instance fields are final and Copy; fix %s and"
          + " rebuild it, or remove @Copy from it"),
  MODULE_SHAPE(
      "RelibModuleShape",
      "@Module class %s %s: a module class must be a public, non-abstract, non-generic class,"
          + " top-level or static nested, so that its stub can construct it; %s"),
  MODULE_EXPORTS(
      "RelibModuleExports",
      "@Module class %s implements %s: a module class implements exactly one @Exports interface,"
          + " the one the host calls; %s"),
  MODULE_CONSTRUCTOR(
      "RelibModuleConstructor",
      "@Module class %s %s: a module class has exactly one public constructor, through which the"
          + " host provides the imports; %s"),
  MODULE_CONSTRUCTOR_PARAMETER(
      "RelibModuleConstructorParameter",
      "parameter '%s' of the constructor of @Module class %s has the type %s, which is not an"
          + " @Imports interface: the constructor takes only @Imports interfaces, each provided by"
          + " the host; annotate %s @Imports, or obtain the value another way"),
  DUPLICATE_IMPORT(
      "RelibDuplicateImport",
      "parameter '%s' of the constructor of @Module class %s takes the @Imports interface %s a"
          + " second time (the first is '%s'): the host provides one object per @Imports"
          + " interface; take it once and share it"),
  MODULE_API(
      "RelibModuleApi",
      "@Module class %s uses the @%s interface %s from the class path, which breaks relib's rules"
          + " (%s): its bridges cannot exist; fix %s and rebuild the API"),
  BEFORE_UNLOAD_SIGNATURE(
      "RelibBeforeUnloadSignature",
      "@BeforeUnload method %s %s: the method must take no parameters, return void, and be neither"
          + " static nor private, so that the module stub can call it; %s"),
  BEFORE_UNLOAD_DUPLICATE(
      "RelibBeforeUnloadDuplicate",
      "@BeforeUnload method %s is the second in %s (the first is %s): a module has at most one;"
          + " call the others from the first"),
  BEFORE_UNLOAD_OUTSIDE_MODULE(
      "RelibBeforeUnloadOutsideModule",
      "@BeforeUnload method %s is declared in %s, which is not a @Module class and which no"
          + " @Module class can extend (%s): only the method of the module class or of its"
          + " superclasses is called before unload; move the method to the @Module class or call"
          + " it from there"),
  STATE_TYPE(
      "RelibStateType",
      "@Module class %s keeps the state type %s, which %s: a state is handed from one version of"
          + " the module to the next and must be a non-generic record or @Copy class of the shared"
          + " API whose values can be copied, holding nothing of the module; %s"),
  MIGRATION_SIGNATURE(
      "RelibMigrationSignature",
      "@MigratesState method %s %s: a migration takes the state of an earlier version (a record"
          + " or @Copy class of the shared API), returns the module's state type %s, and is"
          + " neither static nor private, so that the module stub can call it; %s"),
  MIGRATION_WITHOUT_STATE(
      "RelibMigrationWithoutState",
      "@MigratesState method %s is declared in %s, which does not implement KeepsState: a"
          + " migration turns an earlier state into the module's own; implement"
          + " KeepsState<S> in the @Module class, or remove the annotation"),
  MIGRATION_DUPLICATE(
      "RelibMigrationDuplicate",
      "@MigratesState method %s migrates from %s, as %s does: a module has one migration per"
          + " earlier state type; keep one of them"),
  MODULE_ANNOTATION_UNRESOLVED(
      "RelibModuleAnnotationUnresolved",
      "@BeforeUnload method %s is declared in %s, %s: its @Module annotation most likely did not"
          + " resolve to dev.relib.Module (after import dev.relib.*, the name Module is ambiguous"
          + " with java.lang.Module, and the compiler drops the annotation); write"
          + " @dev.relib.Module, or import dev.relib.Module by name"),
  UNRESOLVED_TYPE(
      "RelibUnresolvedType",
      "%s refers to %s, which could not be resolved in any round: relib cannot check or bridge a"
          + " type it cannot see; fix the missing type (a missing dependency or a failed"
          + " generator) and rebuild"),
  WRITE_FAILED(
      "RelibWriteFailed",
      "could not write %s for %s (%s): the generated file is required to load the module; check"
          + " that no other file of that name is generated, then rebuild"),
  INTERNAL_ERROR(
      "RelibInternalError",
      "relib's processor failed on %s: this is a bug in relib, not in your code; please report"
          + " it with this trace:%n%s");

  /**
   * The parts of messages that depend on what was found (what is wrong, how to fix it, where in a
   * type it sits), which messages take as arguments: here, so that the catalogue holds every text
   * the processor prints.
   */
  enum Fragment {
    HANDLE_ITSELF("an @%s interface"),
    HANDLE_IN_RETURNED("whose %s is %s, an @%s interface"),
    HANDLE_IN_PART("which holds %s, whose %s is %s, an @%s interface"),
    ELEMENT("element"),
    KEY("key"),
    VALUE("value"),
    CONTENT("content"),
    COMPONENT("component '%s'"),
    STATE_HOLDS_MODULE_HANDLE("holds an @Exports interface, whose objects are the module's own"),
    STATE_HOLDS_HOST_HANDLE("holds an @Imports interface, whose objects are the host's");

    private final String format;

    Fragment(String format) {
      this.format = format;
    }

    /** The text, with the arguments in place. */
    String format(Object... args) {
      return String.format(Locale.ROOT, format, args);
    }
  }

  private final String tag;
  private final String format;

  Messages(String tag, String format) {
    this.tag = tag;
    this.format = format;
  }

  /** The stable tag, without brackets. */
  String tag() {
    return tag;
  }

  /** The full text: {@code [Tag] } followed by the formatted message. */
  String format(Object... args) {
    return "[" + tag + "] " + String.format(Locale.ROOT, format, args);
  }
}
