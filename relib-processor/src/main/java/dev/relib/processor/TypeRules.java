package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import dev.relib.Borrowed;
import dev.relib.Copy;
import dev.relib.processor.Messages.Fragment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The boundary's type rules (README.md, "What crosses the boundary"), shared by the validators and
 * the fingerprints.
 *
 * <p>It is about 500 lines because it is the one place that says what a bridged type may be: the
 * JDK's Copy classes, the Copy, {@code @Copy} and clonable rules, the bridged methods and the types
 * a signature reaches, and the generated names. Each rule is short; split by topic, the validators,
 * the planner and the fingerprint would each depend on several of the parts.
 */
final class TypeRules {
  /** JDK classes that are immutable and cross as they are. */
  private static final Set<String> COPY_CLASSES =
      Set.of(
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Character",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.util.UUID",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.util.OptionalInt",
          "java.util.OptionalLong",
          "java.util.OptionalDouble",
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.ZonedDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.Duration",
          "java.time.Period",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.ZoneId",
          "java.time.ZoneOffset");

  static final String LIST = "java.util.List";
  static final String SET = "java.util.Set";
  static final String MAP = "java.util.Map";
  static final String OPTIONAL = "java.util.Optional";

  /** One bridged method of an interface, with its types as seen from that interface. */
  record Member(ExecutableElement element, ExecutableType type) {}

  /**
   * Why a {@code @Copy} type is not immutable: on the type itself or on one of its fields.
   *
   * @param problem what is wrong, e.g. {@code "is not final"}
   * @param fix how to fix it
   */
  record CopyViolation(Element element, String problem, String fix) {
    boolean onField() {
      return element.getKind() == ElementKind.FIELD;
    }

    /** One line for a message about the type as a whole. */
    String summary() {
      return onField()
          ? Fragment.VIOLATION_ON_FIELD.format(element.getSimpleName(), problem)
          : Fragment.VIOLATION_ON_TYPE.format(problem);
    }
  }

  private final Elements elements;
  private final Types types;
  private final Map<TypeElement, List<CopyViolation>> copyViolations = new HashMap<>();

  /**
   * The {@code java.lang} types that generated code itself writes, in case a compiler lists the
   * types of a package from the class path only as far as it has loaded them.
   */
  private static final Set<String> GENERATED_JAVA_LANG_NAMES =
      Set.of(
          "Class",
          "ClassLoader",
          "NullPointerException",
          "Object",
          "Override",
          "String",
          "Throwable");

  /** Simple names of the public types of {@code java.lang}, listed once. */
  private Set<String> javaLang;

  TypeRules(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  Types types() {
    return types;
  }

  Elements elements() {
    return elements;
  }

  /** Whether the element carries the annotation of this canonical name. */
  static boolean hasAnnotation(Element element, String annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation)) {
        return true;
      }
    }
    return false;
  }

  static boolean isBorrowed(VariableElement parameter) {
    return hasAnnotation(parameter, Borrowed.class.getCanonicalName());
  }

  /** The interface a type names when it is an interface annotated for this side. */
  static Optional<TypeElement> sideInterface(TypeMirror type, Side side) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    Element element = ((DeclaredType) type).asElement();
    return element.getKind() == ElementKind.INTERFACE && hasAnnotation(element, side.annotation())
        ? Optional.of((TypeElement) element)
        : Optional.empty();
  }

  /** A JDK type, which fingerprints do not expand and which needs no shared loading. */
  static boolean isJdk(TypeElement element) {
    String name = element.getQualifiedName().toString();
    return name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("jdk.")
        || name.startsWith("sun.");
  }

  /** The bridge of an interface on a side: {@code p.Outer_Inner_HostBridge}. */
  ClassName bridgeName(TypeElement type, Side side) {
    return flatName(type, side.bridgeSuffix());
  }

  /** A generated class in the package of {@code type}, named after its flattened binary name. */
  ClassName flatName(TypeElement type, String suffix) {
    String packageName = elements.getPackageOf(type).getQualifiedName().toString();
    String binary = elements.getBinaryName(type).toString();
    String local = packageName.isEmpty() ? binary : binary.substring(packageName.length() + 1);
    return ClassName.get(packageName, local.replace('$', '_') + suffix);
  }

  /**
   * The methods a bridge implements: the interface's own abstract and default methods in
   * declaration order, then those it inherits, skipping static and private methods, Object's
   * methods, and methods already overridden.
   *
   * @throws Deferral if a superinterface is not resolvable yet
   */
  List<Member> bridgedMethods(TypeElement type) {
    List<Member> members = new ArrayList<>();
    collectMethods((DeclaredType) type.asType(), type, new HashSet<>(), new HashSet<>(), members);
    return members;
  }

  private void collectMethods(
      DeclaredType root,
      TypeElement type,
      Set<String> signatures,
      Set<TypeElement> visited,
      List<Member> members) {
    if (!visited.add(type)) {
      return;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Set<Modifier> modifiers = method.getModifiers();
      if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE)) {
        continue;
      }
      ExecutableType methodType = (ExecutableType) types.asMemberOf(root, method);
      String signature =
          method.getSimpleName()
              + methodType.getParameterTypes().stream()
                  .map(parameter -> TypeText.canonical(types.erasure(parameter)))
                  .collect(Collectors.joining(",", "(", ")"));
      if (isObjectMethod(signature) || !signatures.add(signature)) {
        continue;
      }
      members.add(new Member(method, methodType));
    }
    for (TypeMirror superinterface : type.getInterfaces()) {
      requireResolved(superinterface);
      collectMethods(
          root, (TypeElement) types.asElement(superinterface), signatures, visited, members);
    }
  }

  private static boolean isObjectMethod(String signature) {
    return signature.equals("equals(java.lang.Object)")
        || signature.equals("hashCode()")
        || signature.equals("toString()");
  }

  /**
   * Checks that a type, and every type it reaches (type arguments, array elements, record
   * components, fields of {@code @Copy} types), is resolvable.
   *
   * @return the type elements reached, in a stable order
   * @throws Deferral if one is not
   */
  Set<TypeElement> reachedTypes(TypeMirror type) {
    Set<TypeElement> reached = new LinkedHashSet<>();
    reach(type, reached);
    return reached;
  }

  /**
   * @throws Deferral if the type is not resolvable yet
   */
  void requireResolved(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      throw new Deferral(type.toString());
    }
  }

  private void reach(TypeMirror type, Set<TypeElement> reached) {
    forEachNamed(
        type,
        element -> {
          if (!reached.add(element)) {
            return;
          }
          if (element.getKind() == ElementKind.RECORD) {
            for (RecordComponentElement component : element.getRecordComponents()) {
              reach(component.asType(), reached);
            }
          } else if (hasAnnotation(element, Copy.class.getCanonicalName())) {
            for (VariableElement field : instanceFields(element)) {
              reach(field.asType(), reached);
            }
          }
        });
  }

  /**
   * Calls {@code action} on each type element a type names as it is written: those of its type
   * arguments, wildcard bounds and array elements, then its own. What a named type holds in turn
   * (components, fields, methods) is the action's to reach: {@link #reachedTypes} and the
   * fingerprints each look into other parts.
   *
   * @throws Deferral if a type it names is not resolvable yet
   */
  static void forEachNamed(TypeMirror type, Consumer<TypeElement> action) {
    switch (type.getKind()) {
      case ERROR -> throw new Deferral(type.toString());
      case ARRAY -> forEachNamed(((ArrayType) type).getComponentType(), action);
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getExtendsBound() != null) {
          forEachNamed(wildcard.getExtendsBound(), action);
        }
        if (wildcard.getSuperBound() != null) {
          forEachNamed(wildcard.getSuperBound(), action);
        }
      }
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        declared.getTypeArguments().forEach(argument -> forEachNamed(argument, action));
        action.accept((TypeElement) declared.asElement());
      }
      default -> {
        // Primitives, void and type variables name no type element.
      }
    }
  }

  /**
   * Why a module cannot load this type, or empty if it can: the type and every type enclosing it
   * must be public.
   */
  static Optional<String> inaccessibility(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        return Optional.of(Fragment.LOCAL_CLASS.format(TypeText.simpleName(t)));
      }
      if (!t.getModifiers().contains(Modifier.PUBLIC)) {
        return Optional.of(
            t == type
                ? Fragment.TYPE_NOT_PUBLIC.format(TypeText.simpleName(t))
                : Fragment.NESTED_IN_NON_PUBLIC.format(TypeText.simpleName(t)));
      }
    }
    return Optional.empty();
  }

  /**
   * Why a type is not a Copy type, or {@code null} if it is one. The reason is empty when the type
   * name says it all, and otherwise names the part that is not Copy (a record's component).
   */
  String whyNotCopy(TypeMirror type) {
    return whyNotCopy(type, new HashSet<>());
  }

  private String whyNotCopy(TypeMirror type, Set<TypeElement> inProgress) {
    if (type.getKind().isPrimitive()) {
      return null;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return "";
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    if (COPY_CLASSES.contains(name) || element.getKind() == ElementKind.ENUM) {
      return null;
    }
    if (name.equals(OPTIONAL)) {
      if (declared.getTypeArguments().size() != 1) {
        return Fragment.RAW_OPTIONAL.format();
      }
      TypeMirror argument = declared.getTypeArguments().get(0);
      return whyNotCopy(argument, inProgress) == null
          ? null
          : Fragment.OPTIONAL_OF_NON_COPY.format(TypeText.simple(argument));
    }
    if (hasAnnotation(element, Copy.class.getCanonicalName())) {
      // Asserted by the annotation; copyViolations(...) verifies the assertion.
      return null;
    }
    if (element.getKind() == ElementKind.RECORD) {
      // A record that reaches itself again is Copy if the rest of it is.
      if (!inProgress.add(element)) {
        return null;
      }
      for (RecordComponentElement component : element.getRecordComponents()) {
        TypeMirror componentType = componentType(declared, component);
        if (whyNotCopy(componentType, inProgress) != null) {
          inProgress.remove(element);
          return Fragment.COMPONENT_OF_NON_COPY.format(
              TypeText.simpleName(element),
              component.getSimpleName(),
              TypeText.simple(componentType));
        }
      }
      inProgress.remove(element);
      return null;
    }
    return "";
  }

  /** A record component's type in a parameterized record type. */
  TypeMirror componentType(DeclaredType record, RecordComponentElement component) {
    return ((ExecutableType) types.asMemberOf(record, component.getAccessor())).getReturnType();
  }

  /** The instance fields of a class, in declaration order. */
  static List<VariableElement> instanceFields(TypeElement type) {
    return ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
        .filter(field -> !field.getModifiers().contains(Modifier.STATIC))
        .collect(Collectors.toList());
  }

  /** What makes a {@code @Copy} type not immutable; empty when it is. */
  List<CopyViolation> copyViolations(TypeElement type) {
    List<CopyViolation> cached = copyViolations.get(type);
    if (cached != null) {
      return cached;
    }
    List<CopyViolation> violations = new ArrayList<>();
    if (type.getKind() == ElementKind.CLASS) {
      if (!type.getModifiers().contains(Modifier.FINAL)) {
        violations.add(
            new CopyViolation(
                type,
                Fragment.COPY_TYPE_NOT_FINAL.format(),
                Fragment.COPY_TYPE_NOT_FINAL_FIX.format()));
      }
    } else if (type.getKind() != ElementKind.RECORD && type.getKind() != ElementKind.ENUM) {
      violations.add(
          new CopyViolation(type, Messages.kindName(type), Fragment.COPY_TYPE_KIND_FIX.format()));
    }
    if (type.getKind() == ElementKind.CLASS || type.getKind() == ElementKind.RECORD) {
      for (VariableElement field : instanceFields(type)) {
        if (!field.getModifiers().contains(Modifier.FINAL)) {
          violations.add(
              new CopyViolation(
                  field,
                  Fragment.COPY_FIELD_NOT_FINAL.format(),
                  Fragment.COPY_FIELD_NOT_FINAL_FIX.format()));
        }
        String why = whyNotCopy(field.asType());
        if (why != null) {
          violations.add(
              new CopyViolation(
                  field,
                  Fragment.COPY_FIELD_NOT_COPY.format(TypeText.simple(field.asType()), why),
                  Fragment.COPY_FIELD_NOT_COPY_FIX.format()));
        }
      }
    }
    List<CopyViolation> result = List.copyOf(violations);
    copyViolations.put(type, result);
    return result;
  }

  /**
   * The public copy constructor {@code T(T)} of a concrete class, if any: the first way a returned
   * class is copied. The copy planner and the fingerprint both ask here, so that what the bridge
   * calls is what a change to the API is checked against.
   */
  Optional<ExecutableElement> copyConstructor(TypeElement element) {
    if (element.getModifiers().contains(Modifier.ABSTRACT)) {
      return Optional.empty();
    }
    return ElementFilter.constructorsIn(element.getEnclosedElements()).stream()
        .filter(
            constructor ->
                constructor.getModifiers().contains(Modifier.PUBLIC)
                    && constructor.getParameters().size() == 1
                    && types.isSameType(
                        constructor.getParameters().get(0).asType(), element.asType()))
        .findFirst();
  }

  /**
   * The public instance method {@code copy()} returning the type itself, declared or inherited (a
   * generic superclass's {@code T copy()} seen from the type), if any: the second way a returned
   * class is copied.
   */
  Optional<ExecutableElement> copyMethod(DeclaredType type) {
    TypeElement element = (TypeElement) type.asElement();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (method.getSimpleName().contentEquals("copy")
          && method.getParameters().isEmpty()
          && method.getModifiers().contains(Modifier.PUBLIC)
          && !method.getModifiers().contains(Modifier.STATIC)
          && types.isSameType(
              ((ExecutableType) types.asMemberOf(type, method)).getReturnType(), type)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }

  /**
   * Simple names of the types in the package of {@code type} that hide {@code java.lang} types of
   * the same name: code generated into that package must write those {@code java.lang} types
   * qualified, since it does not import them.
   */
  Set<String> javaLangClashes(TypeElement type) {
    if (javaLang == null) {
      // One listing: a lookup per name would search the whole class path for each miss. The
      // package is reached through Object: Eclipse's compiler finds no "java.lang" by name alone.
      javaLang = new HashSet<>(GENERATED_JAVA_LANG_NAMES);
      TypeElement object = elements.getTypeElement(Object.class.getCanonicalName());
      for (Element member : elements.getPackageOf(object).getEnclosedElements()) {
        javaLang.add(member.getSimpleName().toString());
      }
    }
    Set<String> names = new TreeSet<>();
    for (Element member : elements.getPackageOf(type).getEnclosedElements()) {
      String name = member.getSimpleName().toString();
      if (javaLang.contains(name)) {
        names.add(name);
      }
    }
    return Set.copyOf(names);
  }

  /** Whether this element is an {@code @Copy} type. */
  static boolean isCopyAnnotated(Element element) {
    return hasAnnotation(element, Copy.class.getCanonicalName());
  }
}
