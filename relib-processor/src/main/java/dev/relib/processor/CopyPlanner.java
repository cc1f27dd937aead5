package dev.relib.processor;

import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.relib.processor.Copier.ArrayCopier;
import dev.relib.processor.Copier.CollectionCopier;
import dev.relib.processor.Copier.ConstructorCopier;
import dev.relib.processor.Copier.MapCopier;
import dev.relib.processor.Copier.MethodCopier;
import dev.relib.processor.Copier.OptionalCheck;
import dev.relib.processor.Copier.OptionalCopier;
import dev.relib.processor.Copier.RecordCheck;
import dev.relib.processor.Copier.RecordCopier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Plans how one bridge copies the values its methods return: one {@link Copier} per distinct type
 * shape, named after the type, shared by every method of the bridge that returns that shape.
 * Handles of the bridge's own side may sit anywhere in a returned shape ({@code List<Session>},
 * {@code Optional<Session>}, a record component): each is wrapped in its bridge, as a handle
 * returned alone is.
 */
final class CopyPlanner {
  /** A type that cannot be copied: why, and how to fix it. */
  record Failure(String reason, String fix) {}

  /** Either a transfer or a failure. */
  record Plan(Transfer transfer, Failure failure) {
    static Plan of(Transfer transfer) {
      return new Plan(transfer, null);
    }

    static Plan fail(String reason, String fix) {
      return new Plan(null, new Failure(reason, fix));
    }

    boolean failed() {
      return failure != null;
    }
  }

  private static final String GENERAL_FIX =
      "return a Copy type, an array, List, Set, Map or Optional, or a record of those";

  private final TypeRules rules;
  private final Side side;
  private final Types types;
  private final Map<String, String> helperNames = new HashMap<>();
  private final Map<String, Copier> copiers = new HashMap<>();
  private final Set<String> usedNames;

  /**
   * @param side the side of the bridge, whose handles returned values may hold
   * @param reservedNames names the helpers must not take (the bridge's own methods)
   */
  CopyPlanner(TypeRules rules, Side side, Set<String> reservedNames) {
    this.rules = rules;
    this.side = side;
    this.types = rules.types();
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
      String name = TypeText.simpleName(otherSide.get());
      return Plan.fail(
          name
              + " is an @"
              + side.opposite().simpleName()
              + " interface, which an @"
              + side.simpleName()
              + " method cannot return: its objects live on the calling side",
          "annotate " + name + " @" + side.simpleName() + ", or return Copy values instead");
    }
    if (rules.whyNotCopy(type) == null) {
      return holdsOptional(type, new HashSet<>()) ? planCheck(type) : Plan.of(Transfer.AS_IS);
    }
    String key = TypeText.canonical(type);
    String existing = helperNames.get(key);
    if (existing != null) {
      // Planned already, or being planned (a recursive record): the helper calls itself.
      return Plan.of(new Transfer.Copied(existing));
    }
    String name = allocate("copy" + TypeText.label(type));
    helperNames.put(key, name);
    Plan plan = planHelper(type, name);
    if (plan.failed()) {
      helperNames.remove(key);
      usedNames.remove(name);
    }
    return plan;
  }

  /**
   * Whether a Copy type may hold an {@code Optional}, directly or in a record component: the one
   * place where a Copy value can hold an object of another type than it declares (an unchecked
   * cast in the sender), which the receiver would keep. {@code @Copy} classes keep their fields to
   * themselves and are not looked into.
   */
  private boolean holdsOptional(TypeMirror type, Set<String> visiting) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    if (element.getQualifiedName().contentEquals(TypeRules.OPTIONAL)) {
      return true;
    }
    if (element.getKind() != ElementKind.RECORD || !visiting.add(TypeText.canonical(type))) {
      return false;
    }
    for (RecordComponentElement component : element.getRecordComponents()) {
      if (holdsOptional(rules.componentType(declared, component), visiting)) {
        return true;
      }
    }
    return false;
  }

  /** A helper that checks the Optionals inside a Copy value and returns the value itself. */
  private Plan planCheck(TypeMirror type) {
    String key = TypeText.canonical(type);
    String existing = helperNames.get(key);
    if (existing != null) {
      return Plan.of(new Transfer.Copied(existing));
    }
    String name = allocate("check" + TypeText.label(type));
    helperNames.put(key, name);
    TypeName typeName = TypeName.get(type);
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    if (element.getKind() != ElementKind.RECORD) {
      TypeMirror content = declared.getTypeArguments().get(0);
      return add(
          new OptionalCheck(
              name,
              typeName,
              TypeText.simple(type),
              TypeName.get(types.erasure(content)),
              plan(content).transfer()));
    }
    List<RecordCopier.Component> components = new ArrayList<>();
    for (RecordComponentElement component : element.getRecordComponents()) {
      TypeMirror componentType = rules.componentType(declared, component);
      if (holdsOptional(componentType, new HashSet<>())) {
        components.add(
            new RecordCopier.Component(
                component.getAccessor().getSimpleName().toString(),
                plan(componentType).transfer()));
      }
    }
    return add(new RecordCheck(name, typeName, List.copyOf(components)));
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
      Plan element = plan(component);
      return element.failed()
          ? element
          : add(new ArrayCopier(name, typeName, element.transfer(), exactArrayType(type)));
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return Plan.fail(TypeText.simple(type) + " is not a concrete type", GENERAL_FIX);
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    String qualified = element.getQualifiedName().toString();
    List<? extends TypeMirror> arguments = declared.getTypeArguments();
    if (!element.getTypeParameters().isEmpty() && arguments.isEmpty()) {
      return Plan.fail(
          "a raw type", "give " + TypeText.simple(type) + " its type arguments, e.g. List<String>");
    }
    for (TypeMirror argument : arguments) {
      if (argument.getKind() == TypeKind.WILDCARD) {
        return Plan.fail(
            "a wildcard type argument",
            "use exact type arguments, e.g. List<Point> instead of List<? extends Point>");
      }
    }
    switch (qualified) {
      case TypeRules.LIST:
      case TypeRules.SET:
        {
          Plan elementPlan = plan(arguments.get(0));
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
          Plan key = plan(arguments.get(0));
          if (key.failed()) {
            return key;
          }
          Plan value = plan(arguments.get(1));
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
          Plan elementPlan = plan(arguments.get(0));
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
      if (!element.getModifiers().contains(Modifier.ABSTRACT) && hasCopyConstructor(element)) {
        return add(new ConstructorCopier(name, typeName));
      }
      if (hasCopyMethod(declared, element)) {
        return add(new MethodCopier(name, typeName));
      }
    }
    return Plan.fail(reasonNotClonable(element), fixNotClonable(element));
  }

  private Plan planRecord(
      DeclaredType declared, TypeElement element, String name, TypeName typeName) {
    List<RecordCopier.Component> components = new ArrayList<>();
    for (RecordComponentElement component : element.getRecordComponents()) {
      TypeMirror componentType = rules.componentType(declared, component);
      Plan plan = plan(componentType);
      if (plan.failed()) {
        return Plan.fail(
            "record "
                + TypeText.simpleName(element)
                + " has the component '"
                + component.getSimpleName()
                + "' of type "
                + TypeText.simple(componentType)
                + ", "
                + plan.failure().reason(),
            plan.failure().fix());
      }
      components.add(
          new RecordCopier.Component(
              component.getAccessor().getSimpleName().toString(), plan.transfer()));
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

  private boolean hasCopyConstructor(TypeElement element) {
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(element.getEnclosedElements())) {
      if (constructor.getModifiers().contains(Modifier.PUBLIC)
          && constructor.getParameters().size() == 1
          && types.isSameType(constructor.getParameters().get(0).asType(), element.asType())) {
        return true;
      }
    }
    return false;
  }

  private boolean hasCopyMethod(DeclaredType declared, TypeElement element) {
    for (ExecutableElement method :
        ElementFilter.methodsIn(rules.elements().getAllMembers(element))) {
      if (method.getSimpleName().contentEquals("copy")
          && method.getParameters().isEmpty()
          && method.getModifiers().contains(Modifier.PUBLIC)
          && !method.getModifiers().contains(Modifier.STATIC)
          && types.isSameType(method.getReturnType(), declared)) {
        return true;
      }
    }
    return false;
  }

  private String reasonNotClonable(TypeElement element) {
    String name = TypeText.simpleName(element);
    if (isCollectionOrMap(element) && element.getKind() == ElementKind.CLASS) {
      return name + " is a mutable collection class";
    }
    if (element.getKind() == ElementKind.INTERFACE) {
      return name + " is an interface that is neither List, Set, Map, Optional nor a handle";
    }
    return name
        + " is not Copy and has no public copy constructor "
        + name
        + "("
        + name
        + ") or copy() method";
  }

  private String fixNotClonable(TypeElement element) {
    String name = TypeText.simpleName(element);
    if (isCollectionOrMap(element)) {
      return "declare the return type as List, Set or Map (the bridge returns an immutable copy)";
    }
    if (element.getKind() == ElementKind.CLASS && !TypeRules.isJdk(element)) {
      return "give "
          + name
          + " a public copy constructor "
          + name
          + "("
          + name
          + ") or a public copy() method, mark it @Copy if it is immutable, or "
          + GENERAL_FIX;
    }
    return GENERAL_FIX;
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
