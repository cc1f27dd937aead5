package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.relib.processor.Copier.ArrayCopier;
import dev.relib.processor.Copier.CollectionCopier;
import dev.relib.processor.Copier.ConstructorCopier;
import dev.relib.processor.Copier.MapCopier;
import dev.relib.processor.Copier.MethodCopier;
import dev.relib.processor.Copier.OptionalCheck;
import dev.relib.processor.Copier.OptionalCopier;
import dev.relib.processor.Copier.PartsCheck;
import dev.relib.processor.Copier.RecordCopier;
import dev.relib.processor.Messages.Fragment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Plans how one bridge copies the values its methods return: one {@link Copier} per distinct type
 * shape, named after the type, shared by every method of the bridge that returns that shape.
 * Handles of the bridge's own side may sit anywhere in a returned shape ({@code List<Session>},
 * {@code Optional<Session>}, a record component): each is wrapped in its bridge, as a handle
 * returned alone is; a handle of the other side, alone or anywhere inside, is the one failure
 * {@link WrongSide}. Copy values cross as they are, except that every {@code Optional} they hold is
 * checked, since it is the one place where a Copy value can hold an object of another type than it
 * declares.
 *
 * <p>It is about 550 lines because it is one recursion over every shape a returned type may take,
 * the checks of the {@code Optional}s inside Copy values included, and its vocabulary (the failures
 * and the plan): the parts share what was planned so far (the helpers and their names), which a
 * split would pass back and forth.
 */
final class CopyPlanner {
  /** Why a returned type cannot cross. */
  sealed interface Failure {}

  /** A type that cannot be copied: why, and how to fix it. The method carries the error. */
  record Unsupported(String reason, String fix) implements Failure {}

  /**
   * A handle of the other side, which the bridge's methods cannot return: the returned type itself
   * ({@code holder} null), or a part of {@code holder}, the innermost type that holds it.
   *
   * @param role where in {@code holder} it sits, e.g. {@code element} or {@code component 'log'}
   */
  record WrongSide(TypeElement handle, TypeMirror holder, String role) implements Failure {}

  /** Fields of {@code @Copy} classes that a check must read and cannot: each carries its error. */
  record Unreadable(List<UnreadableField> fields) implements Failure {}

  /**
   * A field holding an {@code Optional} that the bridge can neither read nor reach through an
   * accessor.
   *
   * @param type the field's type, an {@code Optional} or a type that holds one
   * @param why why the bridge cannot read the field, e.g. {@code it is private}
   */
  record UnreadableField(VariableElement field, TypeMirror type, String why) {
    /**
     * The field's type as a message says it: {@code Optional<String>}, or {@code Tag, which ...}.
     */
    String holds() {
      String text = TypeText.simple(type);
      return isOptional(type) ? text : Fragment.HOLDS_OPTIONAL.format(text);
    }

    /** The accessor the fix asks for: a method named like the field. */
    String accessor() {
      return field.getSimpleName().toString();
    }

    /** The accessor's other accepted name, {@code getNote} for a field {@code note}. */
    String getter() {
      return getterName(accessor());
    }
  }

  /** Either a transfer or a failure. */
  record Plan(Transfer transfer, Failure failure) {
    static Plan of(Transfer transfer) {
      return new Plan(transfer, null);
    }

    static Plan fail(String reason, String fix) {
      return new Plan(null, new Unsupported(reason, fix));
    }

    static Plan wrongSide(TypeElement handle, TypeMirror holder, String role) {
      return new Plan(null, new WrongSide(handle, holder, role));
    }

    static Plan unreadable(List<UnreadableField> fields) {
      return new Plan(null, new Unreadable(List.copyOf(fields)));
    }

    boolean failed() {
      return failure != null;
    }
  }

  private final TypeRules rules;
  private final Side side;
  private final Types types;
  private final Map<String, String> helperNames = new HashMap<>();
  private final Map<String, Copier> copiers = new HashMap<>();
  private final Set<String> usedNames;
  private final String bridgePackage;

  /**
   * @param side the side of the bridge, whose handles returned values may hold
   * @param bridge the bridge, whose package decides which fields it can read
   * @param reservedNames names the helpers must not take (the bridge's own methods)
   */
  CopyPlanner(TypeRules rules, Side side, ClassName bridge, Set<String> reservedNames) {
    this.rules = rules;
    this.side = side;
    this.types = rules.types();
    this.bridgePackage = bridge.packageName();
    this.usedNames = new HashSet<>(reservedNames);
  }

  /** The helpers planned so far, sorted by name. */
  List<Copier> copiers() {
    return copiers.values().stream()
        .sorted(Comparator.comparing(Copier::name))
        .collect(Collectors.toList());
  }

  /** How a returned value of this type is copied, or why it cannot be. */
  Plan plan(TypeMirror type) {
    Optional<TypeElement> handle = TypeRules.sideInterface(type, side);
    if (handle.isPresent()) {
      return Plan.of(new Transfer.Wrapped(rules.bridgeName(handle.get(), side)));
    }
    Optional<TypeElement> otherSide = TypeRules.sideInterface(type, side.opposite());
    if (otherSide.isPresent()) {
      return Plan.wrongSide(otherSide.get(), null, null);
    }
    if (rules.whyNotCopy(type) == null) {
      return holdsOptional(type, new HashSet<>())
          ? named(type, "check", this::planCheck)
          : Plan.of(Transfer.AS_IS);
    }
    return named(type, "copy", this::planHelper);
  }

  /**
   * How a part of {@code holder} is copied: a handle of the other side that is the part itself is
   * placed in {@code holder}, at {@code role}.
   */
  private Plan planPart(TypeMirror part, TypeMirror holder, Fragment role, Object... args) {
    Plan plan = plan(part);
    return plan.failure() instanceof WrongSide wrong && wrong.holder() == null
        ? Plan.wrongSide(wrong.handle(), holder, role.format(args))
        : plan;
  }

  /**
   * The helper of a type, named from a prefix and the type; planned by {@code planner} unless it is
   * planned already. A failed plan gives the name back.
   */
  private Plan named(TypeMirror type, String prefix, BiFunction<TypeMirror, String, Plan> planner) {
    String key = TypeText.canonical(type);
    String existing = helperNames.get(key);
    if (existing != null) {
      // Planned already, or being planned (a recursive type): the helper calls itself.
      return Plan.of(new Transfer.Copied(existing));
    }
    String name = allocate(prefix + TypeText.label(type));
    helperNames.put(key, name);
    Plan plan = planner.apply(type, name);
    if (plan.failed()) {
      helperNames.remove(key);
      usedNames.remove(name);
    }
    return plan;
  }

  /**
   * Whether a Copy type may hold an {@code Optional}, directly, in a record component or in a field
   * of a {@code @Copy} class: the one place where a Copy value can hold an object of another type
   * than it declares (an unchecked cast in the sender), which the receiver would keep. A
   * {@code @Copy} class that breaks the rules is reported as such and not looked into.
   */
  private boolean holdsOptional(TypeMirror type, Set<String> visiting) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    if (isOptional(type)) {
      return true;
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    if (!visiting.add(TypeText.canonical(type))) {
      return false;
    }
    if (element.getKind() == ElementKind.RECORD) {
      for (RecordComponentElement component : element.getRecordComponents()) {
        if (holdsOptional(rules.componentType(declared, component), visiting)) {
          return true;
        }
      }
    } else if (isCheckedCopyClass(element)) {
      for (VariableElement field : TypeRules.instanceFields(element)) {
        if (holdsOptional(types.asMemberOf(declared, field), visiting)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A {@code @Copy} class whose fields a check looks into: one that keeps the rules. */
  private boolean isCheckedCopyClass(TypeElement element) {
    return element.getKind() == ElementKind.CLASS
        && TypeRules.isCopyAnnotated(element)
        && rules.copyViolations(element).isEmpty();
  }

  /**
   * A helper that checks the Optionals inside a Copy value and returns the value itself: an {@code
   * Optional}'s content, or the parts of a record or {@code @Copy} class that hold one.
   */
  private Plan planCheck(TypeMirror type, String name) {
    TypeName typeName = TypeName.get(type);
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    if (isOptional(type)) {
      TypeMirror content = declared.getTypeArguments().get(0);
      Plan contentPlan = plan(content);
      return contentPlan.failed()
          ? contentPlan
          : add(
              new OptionalCheck(
                  name,
                  typeName,
                  TypeText.simple(type),
                  TypeName.get(types.erasure(content)),
                  contentPlan.transfer()));
    }
    List<PartsCheck.Part> parts = new ArrayList<>();
    List<UnreadableField> unreadable = new ArrayList<>();
    if (element.getKind() == ElementKind.RECORD) {
      for (RecordComponentElement component : element.getRecordComponents()) {
        TypeMirror componentType = rules.componentType(declared, component);
        String accessor = component.getAccessor().getSimpleName().toString();
        checkPart(componentType, accessor, false, parts, unreadable);
      }
    } else {
      for (VariableElement field : TypeRules.instanceFields(element)) {
        TypeMirror fieldType = types.asMemberOf(declared, field);
        if (!holdsOptional(fieldType, new HashSet<>())) {
          continue;
        }
        // Read directly when the bridge can, else through an accessor.
        String why = whyUnreadable(field);
        Optional<String> accessor =
            why == null ? Optional.empty() : accessor(declared, field, fieldType);
        if (why != null && accessor.isEmpty()) {
          // Its type is planned all the same: the unreadable fields it reaches are reported too.
          unreadable.add(new UnreadableField(field, fieldType, why));
        }
        checkPart(
            fieldType,
            accessor.orElse(field.getSimpleName().toString()),
            accessor.isEmpty(),
            parts,
            unreadable);
      }
    }
    return unreadable.isEmpty()
        ? add(new PartsCheck(name, typeName, List.copyOf(parts)))
        : Plan.unreadable(unreadable);
  }

  /**
   * Plans the check of one part that may hold an {@code Optional}: adds it to {@code parts}, or the
   * fields its type reaches and the bridge cannot read to {@code unreadable}.
   */
  private void checkPart(
      TypeMirror type,
      String member,
      boolean isField,
      List<PartsCheck.Part> parts,
      List<UnreadableField> unreadable) {
    if (!holdsOptional(type, new HashSet<>())) {
      return;
    }
    Plan plan = plan(type);
    if (plan.failure() instanceof Unreadable failure) {
      unreadable.addAll(failure.fields());
    } else {
      parts.add(new PartsCheck.Part(member, isField, plan.transfer()));
    }
  }

  /**
   * Why the bridge cannot read a field of a public class directly, or null when it can: it is
   * public, or neither private nor in another package than the bridge.
   */
  private String whyUnreadable(VariableElement field) {
    Set<Modifier> modifiers = field.getModifiers();
    if (modifiers.contains(Modifier.PUBLIC)) {
      return null;
    }
    if (modifiers.contains(Modifier.PRIVATE)) {
      return Fragment.FIELD_PRIVATE.format();
    }
    String fieldPackage = rules.elements().getPackageOf(field).getQualifiedName().toString();
    if (fieldPackage.equals(bridgePackage)) {
      return null;
    }
    String where =
        bridgePackage.isEmpty()
            ? Fragment.UNNAMED_PACKAGE.format()
            : Fragment.NAMED_PACKAGE.format(bridgePackage);
    return modifiers.contains(Modifier.PROTECTED)
        ? Fragment.FIELD_PROTECTED.format(where)
        : Fragment.FIELD_PACKAGE_PRIVATE.format(where);
  }

  /**
   * The public accessor of a field: a public instance method of its class without parameters, named
   * like the field or {@code getX} for a field {@code x}, that returns exactly the field's type.
   * The check reads what it returns, so it must return the field itself.
   */
  private Optional<String> accessor(
      DeclaredType owner, VariableElement field, TypeMirror fieldType) {
    String name = field.getSimpleName().toString();
    List<ExecutableElement> methods =
        ElementFilter.methodsIn(owner.asElement().getEnclosedElements());
    for (String candidate : List.of(name, getterName(name))) {
      for (ExecutableElement method : methods) {
        if (method.getSimpleName().contentEquals(candidate)
            && method.getParameters().isEmpty()
            && method.getModifiers().contains(Modifier.PUBLIC)
            && !method.getModifiers().contains(Modifier.STATIC)
            && types.isSameType(
                ((ExecutableType) types.asMemberOf(owner, method)).getReturnType(), fieldType)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** {@code getNote} for a field {@code note}. */
  private static String getterName(String field) {
    return "get" + Character.toUpperCase(field.charAt(0)) + field.substring(1);
  }

  private static boolean isOptional(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(TypeRules.OPTIONAL);
  }

  /**
   * The array type to copy into, when {@code clone()} could keep a module class: an array declared
   * {@code Shape[]} may be a module's {@code Circle[]}. Generic element types cannot be created,
   * and an array of a final class or of primitives is always of its declared type.
   */
  private static TypeName exactArrayType(TypeMirror arrayType) {
    TypeMirror component = ((ArrayType) arrayType).getComponentType();
    if (component.getKind() != TypeKind.DECLARED) {
      return null;
    }
    DeclaredType declared = (DeclaredType) component;
    TypeElement element = (TypeElement) declared.asElement();
    boolean exact =
        element.getModifiers().contains(Modifier.FINAL)
            || element.getKind() == ElementKind.ENUM
            || element.getKind() == ElementKind.RECORD;
    return exact || !declared.getTypeArguments().isEmpty() ? null : TypeName.get(arrayType);
  }

  private String allocate(String base) {
    String name = base;
    for (int i = 2; !usedNames.add(name); i++) {
      name = base + i;
    }
    return name;
  }

  private Plan planHelper(TypeMirror type, String name) {
    TypeName typeName = TypeName.get(type);
    if (type.getKind() == TypeKind.ARRAY) {
      TypeMirror component = ((ArrayType) type).getComponentType();
      Plan element = planPart(component, type, Fragment.ELEMENT);
      return element.failed()
          ? element
          : add(new ArrayCopier(name, typeName, element.transfer(), exactArrayType(type)));
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return Plan.fail(
          Fragment.NOT_CONCRETE.format(TypeText.simple(type)), Fragment.RETURN_FIX.format());
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    String qualified = element.getQualifiedName().toString();
    List<? extends TypeMirror> arguments = declared.getTypeArguments();
    if (!element.getTypeParameters().isEmpty() && arguments.isEmpty()) {
      return Plan.fail(
          Fragment.RAW_TYPE.format(), Fragment.RAW_TYPE_FIX.format(TypeText.simple(type)));
    }
    for (TypeMirror argument : arguments) {
      if (argument.getKind() == TypeKind.WILDCARD) {
        return Plan.fail(Fragment.WILDCARD.format(), Fragment.WILDCARD_FIX.format());
      }
    }
    switch (qualified) {
      case TypeRules.LIST:
      case TypeRules.SET:
        {
          Plan elementPlan = planPart(arguments.get(0), type, Fragment.ELEMENT);
          return elementPlan.failed()
              ? elementPlan
              : add(
                  new CollectionCopier(
                      name,
                      typeName,
                      TypeText.simple(type),
                      qualified.equals(TypeRules.SET),
                      TypeName.get(arguments.get(0)),
                      elementPlan.transfer()));
        }
      case TypeRules.MAP:
        {
          Plan key = planPart(arguments.get(0), type, Fragment.KEY);
          if (key.failed()) {
            return key;
          }
          Plan value = planPart(arguments.get(1), type, Fragment.VALUE);
          return value.failed()
              ? value
              : add(
                  new MapCopier(
                      name,
                      typeName,
                      TypeText.simple(type),
                      TypeName.get(arguments.get(0)),
                      key.transfer(),
                      TypeName.get(arguments.get(1)),
                      value.transfer()));
        }
      case TypeRules.OPTIONAL:
        {
          Plan elementPlan = planPart(arguments.get(0), type, Fragment.CONTENT);
          return elementPlan.failed()
              ? elementPlan
              : add(new OptionalCopier(name, typeName, elementPlan.transfer()));
        }
      default:
        break;
    }
    if (element.getKind() == ElementKind.RECORD) {
      return planRecord(declared, element, name, typeName);
    }
    if (element.getKind() == ElementKind.CLASS && element.getTypeParameters().isEmpty()) {
      if (rules.copyConstructor(element).isPresent()) {
        return add(new ConstructorCopier(name, typeName));
      }
      if (rules.copyMethod(declared).isPresent()) {
        return add(new MethodCopier(name, typeName));
      }
    }
    return Plan.fail(reasonNotClonable(element), fixNotClonable(element));
  }

  private Plan planRecord(
      DeclaredType declared, TypeElement element, String name, TypeName typeName) {
    List<RecordCopier.Component> components = new ArrayList<>();
    List<UnreadableField> unreadable = new ArrayList<>();
    for (RecordComponentElement component : element.getRecordComponents()) {
      TypeMirror componentType = rules.componentType(declared, component);
      Plan plan = planPart(componentType, declared, Fragment.COMPONENT, component.getSimpleName());
      if (plan.failure() instanceof WrongSide) {
        return plan;
      }
      if (plan.failure() instanceof Unreadable failure) {
        // Reported on the fields: the other components may reach more of them.
        unreadable.addAll(failure.fields());
        continue;
      }
      if (plan.failure() instanceof Unsupported failure) {
        return Plan.fail(
            Fragment.UNSUPPORTED_COMPONENT.format(
                TypeText.simpleName(element),
                component.getSimpleName(),
                TypeText.simple(componentType),
                failure.reason()),
            failure.fix());
      }
      components.add(
          new RecordCopier.Component(
              component.getAccessor().getSimpleName().toString(), plan.transfer()));
    }
    if (!unreadable.isEmpty()) {
      return Plan.unreadable(unreadable);
    }
    TypeName raw =
        typeName instanceof ParameterizedTypeName parameterized
            ? parameterized.rawType()
            : typeName;
    return add(new RecordCopier(name, typeName, raw, List.copyOf(components)));
  }

  private Plan add(Copier copier) {
    copiers.put(copier.name(), copier);
    return Plan.of(new Transfer.Copied(copier.name()));
  }

  private String reasonNotClonable(TypeElement element) {
    String name = TypeText.simpleName(element);
    if (isCollectionOrMap(element) && element.getKind() == ElementKind.CLASS) {
      return Fragment.MUTABLE_COLLECTION_CLASS.format(name);
    }
    if (element.getKind() == ElementKind.INTERFACE) {
      return Fragment.OTHER_INTERFACE.format(name);
    }
    return Fragment.NOT_CLONABLE.format(name);
  }

  private String fixNotClonable(TypeElement element) {
    if (isCollectionOrMap(element)) {
      return Fragment.COLLECTION_FIX.format();
    }
    if (element.getKind() == ElementKind.CLASS && !TypeRules.isJdk(element)) {
      return Fragment.CLASS_FIX.format(TypeText.simpleName(element), Fragment.RETURN_FIX.format());
    }
    return Fragment.RETURN_FIX.format();
  }

  private boolean isCollectionOrMap(TypeElement element) {
    TypeMirror erased = types.erasure(element.asType());
    return isSubtypeOf(erased, "java.util.Collection") || isSubtypeOf(erased, TypeRules.MAP);
  }

  private boolean isSubtypeOf(TypeMirror type, String name) {
    TypeElement other = rules.elements().getTypeElement(name);
    return other != null && types.isSubtype(type, types.erasure(other.asType()));
  }
}
