package dev.relib.processor;

import java.util.List;
import java.util.Locale;
import javax.lang.model.element.TypeElement;

/**
 * Every diagnostic the processor prints. Each text starts with a stable tag (tools and tests can
 * match it across versions), then says what was found, the rule it breaks, and how to fix it. The
 * parts that depend on what was found are {@link Fragment}s: no other class writes a text a user
 * reads.
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
    // Where a returned type holds a handle of the other side (WRONG_SIDE_RETURN).
    HANDLE_ITSELF("an @%s interface"),
    HANDLE_IN_RETURNED("whose %s is %s, an @%s interface"),
    HANDLE_IN_PART("which holds %s, whose %s is %s, an @%s interface"),
    ELEMENT("element"),
    KEY("key"),
    VALUE("value"),
    CONTENT("content"),
    COMPONENT("component '%s'"),

    // What a signature's site is (INACCESSIBLE_TYPE, INVALID_COPY_TYPE).
    PARAMETER_OF("parameter '%s' of %s"),
    RETURN_TYPE_OF("the return type of %s"),
    THROWS_CLAUSE_OF("the throws clause of %s"),

    // Why a type cannot be loaded by a module (NOT_PUBLIC, INACCESSIBLE_TYPE).
    LOCAL_CLASS("%s is a local class"),
    TYPE_NOT_PUBLIC("%s is not public"),
    NESTED_IN_NON_PUBLIC("it is nested in %s, which is not public"),

    // Why a type is not Copy (MUTABLE_PARAMETER, COPY_FIELD): empty when its name says it all.
    RAW_OPTIONAL(" (a raw Optional)"),
    OPTIONAL_OF_NON_COPY(" (Optional of the non-Copy type %s)"),
    COMPONENT_OF_NON_COPY(" (record %s has the component '%s' of the non-Copy type %s)"),

    // What makes a @Copy type not immutable, and the fix (COPY_NOT_FINAL, COPY_FIELD).
    COPY_TYPE_NOT_FINAL("not final"),
    COPY_TYPE_NOT_FINAL_FIX("declare it final (or as a record)"),
    COPY_TYPE_KIND_FIX("declare it as a final class or a record"),
    COPY_FIELD_NOT_FINAL("is not final"),
    COPY_FIELD_NOT_FINAL_FIX("declare it final"),
    COPY_FIELD_NOT_COPY("has the non-Copy type %s%s"),
    COPY_FIELD_NOT_COPY_FIX(
        "give it a Copy type (a record of Copy components, an immutable class marked @Copy,"
            + " String, …)"),
    VIOLATION_ON_FIELD("field '%s' %s"),
    VIOLATION_ON_TYPE("it is %s"),

    // Why a returned type cannot be copied, and the fix (UNSUPPORTED_RETURN).
    NOT_CONCRETE("%s is not a concrete type"),
    RAW_TYPE("a raw type"),
    RAW_TYPE_FIX("give %s its type arguments, e.g. List<String>"),
    WILDCARD("a wildcard type argument"),
    WILDCARD_FIX("use exact type arguments, e.g. List<Point> instead of List<? extends Point>"),
    UNSUPPORTED_COMPONENT("record %s has the component '%s' of type %s, %s"),
    MUTABLE_COLLECTION_CLASS("%s is a mutable collection class"),
    OTHER_INTERFACE("%s is an interface that is neither List, Set, Map, Optional nor a handle"),
    NOT_CLONABLE("%1$s is not Copy and has no public copy constructor %1$s(%1$s) or copy() method"),
    RETURN_FIX("return a Copy type, an array, List, Set, Map or Optional, or a record of those"),
    COLLECTION_FIX(
        "declare the return type as List, Set or Map (the bridge returns an immutable copy)"),
    CLASS_FIX(
        "give %1$s a public copy constructor %1$s(%1$s) or a public copy() method, mark it @Copy"
            + " if it is immutable, or %2$s"),

    // Why a bridge cannot read a field (UNREADABLE_COPY_FIELD, STATE_TYPE).
    FIELD_PRIVATE("it is private"),
    FIELD_PROTECTED("it is protected and the bridge is generated in %s"),
    FIELD_PACKAGE_PRIVATE("it is package-private and the bridge is generated in %s"),
    UNNAMED_PACKAGE("the unnamed package"),
    NAMED_PACKAGE("package %s"),
    HOLDS_OPTIONAL("%s, which holds an Optional"),
    UNREADABLE_BY_STUB("field '%s' of %s cannot be read by the stub: %s"),

    // What is wrong with a @Module class, and the fix (MODULE_SHAPE, MODULE_EXPORTS,
    // MODULE_CONSTRUCTOR).
    IS_KIND("is %s"),
    DECLARE_AS_CLASS("declare it as a class"),
    IS_NOT_PUBLIC("is not public"),
    MAKE_PUBLIC("make it public"),
    IS_ABSTRACT("is abstract"),
    MAKE_CONCRETE("make it concrete"),
    IS_INNER_CLASS("is an inner class"),
    MAKE_STATIC("make it static or top-level"),
    HAS_TYPE_PARAMETERS("has type parameters"),
    REMOVE_THEM("remove them"),
    NO_EXPORTS("no @Exports interface"),
    NO_EXPORTS_FIX("implement the @Exports interface the module offers"),
    SEVERAL_EXPORTS("%d @Exports interfaces: %s"),
    SEVERAL_EXPORTS_FIX("export one interface that extends the others"),
    NO_PUBLIC_CONSTRUCTOR("has no public constructor"),
    NO_PUBLIC_CONSTRUCTOR_FIX(
        "declare one, taking nothing or the @Imports interfaces the module needs"),
    SEVERAL_PUBLIC_CONSTRUCTORS("has more than one public constructor"),
    SEVERAL_PUBLIC_CONSTRUCTORS_FIX(
        "keep one public constructor and make the others private or package-private"),

    // What is wrong with a method the stub calls, and the fix (BEFORE_UNLOAD_SIGNATURE,
    // MIGRATION_SIGNATURE).
    TAKES_PARAMETERS("takes parameters"),
    REMOVE_PARAMETERS("remove the parameters"),
    TAKES_N_PARAMETERS("takes %d parameters"),
    TAKE_EARLIER_STATE("take exactly the earlier state"),
    TAKES_WHICH("takes %s, which %s"),
    TAKE_EARLIER_STATE_TYPE("take the earlier version's state type"),
    OWN_STATE_TYPE("is the module's own state type, which needs no migration"),
    RETURNS("returns %s"),
    RETURN_VOID("return void"),
    RETURN("return %s"),
    IS_STATIC("is static"),
    MAKE_INSTANCE_METHOD("make it an instance method"),
    IS_PRIVATE("is private"),
    MAKE_PACKAGE_PRIVATE_OR_PUBLIC("make it package-private or public"),
    NOT_PUBLIC_ELSEWHERE(
        "is not public and is declared in another package than the module class's"),

    // Why a type cannot be a state type, and the fix (STATE_TYPE).
    RAW_KEEPS_STATE("is raw: it names no state type"),
    RAW_KEEPS_STATE_FIX("write KeepsState<S> with S the state record"),
    STATE_NOT_A_CLASS("is not a class"),
    STATE_JDK_TYPE("is a JDK type: a state names what it holds"),
    STATE_NOT_RECORD("is neither a record nor a @Copy class"),
    STATE_GENERIC("is generic"),
    STATE_NOT_COPIED("cannot be copied (%s)"),
    STATE_HOLDS_MODULE_HANDLE("holds an @Exports interface, whose objects are the module's own"),
    STATE_HOLDS_HOST_HANDLE("holds an @Imports interface, whose objects are the host's"),
    STATE_FIX("keep Copy values, or lists, sets, maps, arrays, Optionals and records of them"),

    // Why a class with a @BeforeUnload method is no module's (BEFORE_UNLOAD_OUTSIDE_MODULE,
    // MODULE_ANNOTATION_UNRESOLVED).
    IT_IS("it is %s"),
    IT_IS_FINAL("it is final"),
    IT_IS_NOT_A_CLASS("it is not a class"),
    UNRESOLVED_ANNOTATION("whose annotation @%s is unresolved"),
    EXPORTS_WITHOUT_MODULE(
        "which implements the @Exports interface %s but has no @Module annotation the processor"
            + " can see");

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

  /** The kind of a type as a message says it: "a class", "an interface", "an annotation type". */
  static String kindName(TypeElement type) {
    String kind = type.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
    return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }

  /** Parts a message lists as one: {@code is static and is private}. */
  static String and(List<String> parts) {
    return String.join(" and ", parts);
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
