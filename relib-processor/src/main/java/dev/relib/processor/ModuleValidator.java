package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import dev.relib.BeforeUnload;
import dev.relib.KeepsState;
import dev.relib.MigratesState;
import dev.relib.bridge.BridgeNames;
import dev.relib.processor.Messages.Fragment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Validates a {@code @Module} class and its {@code @BeforeUnload} method and, when they are valid,
 * builds the model its stub is written from. Reports, never writes.
 */
final class ModuleValidator {
  /** The outcome: a report, and a model exactly when the report is clean. */
  record Result(Report report, Optional<ModuleModel> model) {}

  static final String BEFORE_UNLOAD = BeforeUnload.class.getCanonicalName();
  static final String KEEPS_STATE = KeepsState.class.getCanonicalName();
  static final String MIGRATES_STATE = MigratesState.class.getCanonicalName();

  /** The stub's own methods, which the names of its copy helpers must not take. */
  private static final Set<String> STUB_METHODS =
      Set.of(
          "contractVersion",
          "relibVersion",
          "exportsType",
          "importTypes",
          "compiledFingerprints",
          "hostFingerprints",
          "create",
          "hasBeforeUnload",
          "beforeUnload",
          "stateType",
          "stateFingerprint",
          "migrationFingerprints",
          "exportsTarget",
          "saveState",
          "restoreState");

  private final TypeRules rules;
  private final ApiValidator apis;
  private final Predicate<Element> inSources;
  private final FingerprintBuilder fingerprints;

  ModuleValidator(TypeRules rules, ApiValidator apis, Predicate<Element> inSources) {
    this.rules = rules;
    this.apis = apis;
    this.inSources = inSources;
    this.fingerprints = new FingerprintBuilder(rules);
  }

  /**
   * @throws Deferral if a supertype or an import is not resolvable yet
   */
  Result validate(TypeElement type) {
    Report report = new Report();
    String name = TypeText.simpleName(type);
    checkShape(type, name, report);
    Optional<ModuleModel.Api> exports = exports(type, name, report);
    Optional<List<ModuleModel.Api>> imports = imports(type, name, report);
    Optional<String> beforeUnload = beforeUnload(type, name, report);
    Optional<ModuleModel.State> state = state(type, name, report);
    if (!report.isClean() || exports.isEmpty() || imports.isEmpty()) {
      return new Result(report, Optional.empty());
    }
    String binaryName = rules.elements().getBinaryName(type).toString();
    ModuleModel model =
        new ModuleModel(
            type,
            ClassName.get(type),
            rules.flatName(type, BridgeNames.MODULE_STUB_SUFFIX),
            binaryName,
            exports.get(),
            imports.get(),
            beforeUnload,
            state,
            rules.javaLangClashes(type));
    return new Result(report, Optional.of(model));
  }

  private static void checkShape(TypeElement type, String name, Report report) {
    List<String> problems = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    if (type.getKind() != ElementKind.CLASS) {
      problems.add(Fragment.IS_KIND.format(Messages.kindName(type)));
      fixes.add(Fragment.DECLARE_AS_CLASS.format());
    } else {
      if (!type.getModifiers().contains(Modifier.PUBLIC)) {
        problems.add(Fragment.IS_NOT_PUBLIC.format());
        fixes.add(Fragment.MAKE_PUBLIC.format());
      }
      if (type.getModifiers().contains(Modifier.ABSTRACT)) {
        problems.add(Fragment.IS_ABSTRACT.format());
        fixes.add(Fragment.MAKE_CONCRETE.format());
      }
      if (type.getNestingKind() != NestingKind.TOP_LEVEL
          && !type.getModifiers().contains(Modifier.STATIC)) {
        problems.add(Fragment.IS_INNER_CLASS.format());
        fixes.add(Fragment.MAKE_STATIC.format());
      }
      if (!type.getTypeParameters().isEmpty()) {
        problems.add(Fragment.HAS_TYPE_PARAMETERS.format());
        fixes.add(Fragment.REMOVE_THEM.format());
      }
    }
    if (!problems.isEmpty()) {
      report.error(
          type, Messages.MODULE_SHAPE, name, Messages.and(problems), String.join(", ", fixes));
    }
  }

  private Optional<ModuleModel.Api> exports(TypeElement type, String name, Report report) {
    Map<String, TypeElement> all = new LinkedHashMap<>();
    collectExports(type.asType(), all);
    // An @Exports interface that extends other @Exports interfaces stands for them all.
    Map<String, TypeElement> found = new LinkedHashMap<>(all);
    found
        .values()
        .removeIf(
            candidate ->
                all.values().stream()
                    .anyMatch(
                        other ->
                            other != candidate
                                && rules
                                    .types()
                                    .isSubtype(
                                        rules.types().erasure(other.asType()),
                                        rules.types().erasure(candidate.asType()))));
    if (found.size() != 1) {
      String fix =
          found.isEmpty()
              ? Fragment.NO_EXPORTS_FIX.format()
              : Fragment.SEVERAL_EXPORTS_FIX.format();
      String which =
          found.isEmpty()
              ? Fragment.NO_EXPORTS.format()
              : Fragment.SEVERAL_EXPORTS.format(
                  found.size(),
                  Messages.and(
                      found.values().stream()
                          .map(TypeText::simpleName)
                          .collect(Collectors.toList())));
      report.error(type, Messages.MODULE_EXPORTS, name, which, fix);
      return Optional.empty();
    }
    return api(type, type, found.values().iterator().next(), Side.EXPORTS, report);
  }

  private void collectExports(TypeMirror type, Map<String, TypeElement> found) {
    for (TypeMirror supertype : rules.types().directSupertypes(type)) {
      rules.requireResolved(supertype);
      TypeElement element = (TypeElement) rules.types().asElement(supertype);
      if (element.getKind() == ElementKind.INTERFACE
          && TypeRules.hasAnnotation(element, Side.EXPORTS.annotation())) {
        found.put(element.getQualifiedName().toString(), element);
      }
      collectExports(supertype, found);
    }
  }

  private Optional<List<ModuleModel.Api>> imports(TypeElement type, String name, Report report) {
    List<ExecutableElement> constructors =
        ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
            .filter(constructor -> constructor.getModifiers().contains(Modifier.PUBLIC))
            .collect(Collectors.toList());
    if (constructors.isEmpty()) {
      report.error(
          type,
          Messages.MODULE_CONSTRUCTOR,
          name,
          Fragment.NO_PUBLIC_CONSTRUCTOR.format(),
          Fragment.NO_PUBLIC_CONSTRUCTOR_FIX.format());
      return Optional.empty();
    }
    for (ExecutableElement extra : constructors.subList(1, constructors.size())) {
      report.error(
          extra,
          Messages.MODULE_CONSTRUCTOR,
          name,
          Fragment.SEVERAL_PUBLIC_CONSTRUCTORS.format(),
          Fragment.SEVERAL_PUBLIC_CONSTRUCTORS_FIX.format());
    }
    List<ModuleModel.Api> imports = new ArrayList<>();
    Map<TypeElement, VariableElement> taken = new LinkedHashMap<>();
    boolean valid = true;
    for (VariableElement parameter : constructors.get(0).getParameters()) {
      TypeMirror parameterType = parameter.asType();
      rules.requireResolved(parameterType);
      Optional<TypeElement> imported = TypeRules.sideInterface(parameterType, Side.IMPORTS);
      VariableElement first = imported.map(taken::get).orElse(null);
      if (first != null) {
        // The stub asks the host for each import by its type: a second one would be the same.
        report.error(
            parameter,
            Messages.DUPLICATE_IMPORT,
            parameter.getSimpleName(),
            name,
            TypeText.simpleName(imported.get()),
            first.getSimpleName());
        valid = false;
        continue;
      }
      imported.ifPresent(api -> taken.put(api, parameter));
      if (imported.isEmpty()) {
        String typeName = TypeText.simple(parameterType);
        report.error(
            parameter,
            Messages.MODULE_CONSTRUCTOR_PARAMETER,
            parameter.getSimpleName(),
            name,
            typeName,
            typeName);
        valid = false;
        continue;
      }
      Optional<ModuleModel.Api> api = api(type, parameter, imported.get(), Side.IMPORTS, report);
      if (api.isPresent()) {
        imports.add(api.get());
      } else {
        valid = false;
      }
    }
    return valid ? Optional.of(List.copyOf(imports)) : Optional.empty();
  }

  /**
   * The interface as the stub needs it. When the interface breaks the rules its own validation
   * reports that if it is compiled here; from the class path, the error goes on {@code site}.
   */
  private Optional<ModuleModel.Api> api(
      TypeElement module, Element site, TypeElement api, Side side, Report report) {
    ApiValidator.Result result = apis.validate(api, side);
    if (result.model().isEmpty()) {
      if (!inSources.test(api)) {
        String first = result.report().errors().get(0).message();
        report.error(
            site,
            Messages.MODULE_API,
            TypeText.simpleName(module),
            side.simpleName(),
            api.getQualifiedName(),
            first,
            TypeText.simpleName(api));
      }
      return Optional.empty();
    }
    ApiModel model = result.model().get();
    return Optional.of(
        new ModuleModel.Api(model.interfaceName(), model.bridgeName(), model.fingerprint()));
  }

  /**
   * The module's {@code @BeforeUnload} method: the nearest one declared in the module class or its
   * superclasses. A method that a nearer one overrides is the same hook; any other is a second one.
   * Errors about a method from the class path go on the module class, naming the method.
   *
   * @throws Deferral if a superclass is not resolvable yet
   */
  private Optional<String> beforeUnload(TypeElement type, String name, Report report) {
    List<ExecutableElement> hooks = new ArrayList<>();
    for (TypeElement owner = type; owner != null; owner = superclass(owner)) {
      for (ExecutableElement method : ElementFilter.methodsIn(owner.getEnclosedElements())) {
        if (TypeRules.hasAnnotation(method, BEFORE_UNLOAD)
            && hooks.stream()
                .noneMatch(nearer -> rules.elements().overrides(nearer, method, type))) {
          hooks.add(method);
        }
      }
    }
    if (hooks.isEmpty()) {
      return Optional.empty();
    }
    ExecutableElement first = hooks.get(0);
    for (ExecutableElement second : hooks.subList(1, hooks.size())) {
      report.error(
          inSources.test(second) ? second : type,
          Messages.BEFORE_UNLOAD_DUPLICATE,
          qualifiedName(second),
          name,
          qualifiedName(first));
    }
    List<String> problems = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    if (!first.getParameters().isEmpty()) {
      problems.add(Fragment.TAKES_PARAMETERS.format());
      fixes.add(Fragment.REMOVE_PARAMETERS.format());
    }
    if (first.getReturnType().getKind() != TypeKind.VOID) {
      problems.add(Fragment.RETURNS.format(TypeText.simple(first.getReturnType())));
      fixes.add(Fragment.RETURN_VOID.format());
    }
    Set<Modifier> modifiers = first.getModifiers();
    if (modifiers.contains(Modifier.STATIC)) {
      problems.add(Fragment.IS_STATIC.format());
      fixes.add(Fragment.MAKE_INSTANCE_METHOD.format());
    }
    if (modifiers.contains(Modifier.PRIVATE)) {
      problems.add(Fragment.IS_PRIVATE.format());
      fixes.add(
          first.getEnclosingElement() == type
              ? Fragment.MAKE_PACKAGE_PRIVATE_OR_PUBLIC.format()
              : Fragment.MAKE_PUBLIC.format());
    } else if (!modifiers.contains(Modifier.PUBLIC)
        && !rules.elements().getPackageOf(first).equals(rules.elements().getPackageOf(type))) {
      // The stub lives in the module class's package and is no subclass: it cannot call a
      // package-private or protected method declared in another package.
      problems.add(Fragment.NOT_PUBLIC_ELSEWHERE.format());
      fixes.add(Fragment.MAKE_PUBLIC.format());
    }
    if (!problems.isEmpty()) {
      report.error(
          inSources.test(first) ? first : type,
          Messages.BEFORE_UNLOAD_SIGNATURE,
          qualifiedName(first),
          Messages.and(problems),
          String.join(", ", fixes));
    }
    return Optional.of(first.getSimpleName().toString());
  }

  /**
   * The state of a module that implements {@code KeepsState<S>}, with its migrations; empty when it
   * keeps none or when the state breaks the rules (reported). Errors about the state type go on the
   * module class, which names it; errors about a migration go on its method.
   *
   * @throws Deferral if a supertype or a state type is not resolvable yet
   */
  private Optional<ModuleModel.State> state(TypeElement type, String name, Report report) {
    Optional<DeclaredType> keeps = keepsState(type.asType());
    List<ExecutableElement> migrations =
        ElementFilter.methodsIn(type.getEnclosedElements()).stream()
            .filter(method -> TypeRules.hasAnnotation(method, MIGRATES_STATE))
            .collect(Collectors.toList());
    if (keeps.isEmpty()) {
      for (ExecutableElement migration : migrations) {
        report.error(migration, Messages.MIGRATION_WITHOUT_STATE, qualifiedName(migration), name);
      }
      return Optional.empty();
    }
    List<? extends TypeMirror> arguments = keeps.get().getTypeArguments();
    if (arguments.isEmpty()) {
      report.error(
          type,
          Messages.STATE_TYPE,
          name,
          KeepsState.class.getSimpleName(),
          Fragment.RAW_KEEPS_STATE.format(),
          Fragment.RAW_KEEPS_STATE_FIX.format());
      return Optional.empty();
    }
    TypeMirror stateType = arguments.get(0);
    rules.requireResolved(stateType);
    String why = whyNotState(stateType);
    CopyPlanner planner =
        new CopyPlanner(
            rules,
            Side.EXPORTS,
            rules.flatName(type, BridgeNames.MODULE_STUB_SUFFIX),
            STUB_METHODS);
    CopyPlanner.Plan plan = why == null ? planner.plan(stateType) : null;
    if (why == null && plan.failure() instanceof CopyPlanner.WrongSide) {
      why = Fragment.STATE_HOLDS_HOST_HANDLE.format();
    }
    if (why == null && plan.failed()) {
      why = Fragment.STATE_NOT_COPIED.format(reason(plan.failure()));
    }
    if (why == null && holdsHandle(plan.transfer(), planner.copiers())) {
      why = Fragment.STATE_HOLDS_MODULE_HANDLE.format();
    }
    if (why != null) {
      report.error(
          type,
          Messages.STATE_TYPE,
          name,
          TypeText.simple(stateType),
          why,
          Fragment.STATE_FIX.format());
      return Optional.empty();
    }
    TypeElement state = (TypeElement) rules.types().asElement(stateType);
    List<ModuleModel.Migration> found = new ArrayList<>();
    Map<String, ExecutableElement> taken = new LinkedHashMap<>();
    for (ExecutableElement migration : migrations) {
      migration(migration, stateType, taken, report).ifPresent(found::add);
    }
    found.sort(Comparator.comparing(migration -> migration.from().canonicalName()));
    return Optional.of(
        new ModuleModel.State(
            ClassName.get(state),
            fingerprints.of(state),
            plan.transfer(),
            planner.copiers(),
            List.copyOf(found)));
  }

  /** {@code KeepsState<S>} among the supertypes, as the module class inherits it. */
  private Optional<DeclaredType> keepsState(TypeMirror type) {
    for (TypeMirror supertype : rules.types().directSupertypes(type)) {
      rules.requireResolved(supertype);
      TypeElement element = (TypeElement) rules.types().asElement(supertype);
      if (element.getQualifiedName().contentEquals(KEEPS_STATE)) {
        return Optional.of((DeclaredType) supertype);
      }
      Optional<DeclaredType> inherited = keepsState(supertype);
      if (inherited.isPresent()) {
        return inherited;
      }
    }
    return Optional.empty();
  }

  /** Why a type cannot be a state type, or null if its shape can (its values are checked next). */
  private String whyNotState(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Fragment.STATE_NOT_A_CLASS.format();
    }
    TypeElement element = (TypeElement) rules.types().asElement(type);
    if (TypeRules.isJdk(element)) {
      return Fragment.STATE_JDK_TYPE.format();
    }
    if (element.getKind() != ElementKind.RECORD && !TypeRules.isCopyAnnotated(element)) {
      return Fragment.STATE_NOT_RECORD.format();
    }
    if (!element.getTypeParameters().isEmpty()) {
      return Fragment.STATE_GENERIC.format();
    }
    return null;
  }

  private static String reason(CopyPlanner.Failure failure) {
    if (failure instanceof CopyPlanner.Unsupported unsupported) {
      return unsupported.reason();
    }
    return ((CopyPlanner.Unreadable) failure)
        .fields().stream()
            .map(
                unreadable ->
                    Fragment.UNREADABLE_BY_STUB.format(
                        unreadable.field().getSimpleName(),
                        TypeText.simpleName(unreadable.field().getEnclosingElement()),
                        unreadable.why()))
            .collect(Collectors.joining("; "));
  }

  private static boolean holdsHandle(Transfer transfer, List<Copier> copiers) {
    return transfer instanceof Transfer.Wrapped
        || copiers.stream()
            .flatMap(copier -> BridgeWriter.transfers(copier).stream())
            .anyMatch(part -> part instanceof Transfer.Wrapped);
  }

  private Optional<ModuleModel.Migration> migration(
      ExecutableElement method,
      TypeMirror stateType,
      Map<String, ExecutableElement> taken,
      Report report) {
    List<String> problems = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    TypeMirror from = null;
    if (method.getParameters().size() != 1) {
      problems.add(Fragment.TAKES_N_PARAMETERS.format(method.getParameters().size()));
      fixes.add(Fragment.TAKE_EARLIER_STATE.format());
    } else {
      from = method.getParameters().get(0).asType();
      rules.requireResolved(from);
      String why = whyNotState(from);
      if (why == null && rules.types().isSameType(from, stateType)) {
        why = Fragment.OWN_STATE_TYPE.format();
      }
      if (why != null) {
        problems.add(Fragment.TAKES_WHICH.format(TypeText.simple(from), why));
        fixes.add(Fragment.TAKE_EARLIER_STATE_TYPE.format());
        from = null;
      }
    }
    if (!rules.types().isSameType(method.getReturnType(), stateType)) {
      problems.add(Fragment.RETURNS.format(TypeText.simple(method.getReturnType())));
      fixes.add(Fragment.RETURN.format(TypeText.simple(stateType)));
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      problems.add(Fragment.IS_STATIC.format());
      fixes.add(Fragment.MAKE_INSTANCE_METHOD.format());
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      problems.add(Fragment.IS_PRIVATE.format());
      fixes.add(Fragment.MAKE_PACKAGE_PRIVATE_OR_PUBLIC.format());
    }
    if (!problems.isEmpty()) {
      report.error(
          method,
          Messages.MIGRATION_SIGNATURE,
          qualifiedName(method),
          Messages.and(problems),
          TypeText.simple(stateType),
          String.join(", ", fixes));
      return Optional.empty();
    }
    TypeElement earlier = (TypeElement) rules.types().asElement(from);
    String key = earlier.getQualifiedName().toString();
    ExecutableElement first = taken.putIfAbsent(key, method);
    if (first != null) {
      report.error(
          method,
          Messages.MIGRATION_DUPLICATE,
          qualifiedName(method),
          TypeText.simpleName(earlier),
          qualifiedName(first));
      return Optional.empty();
    }
    return Optional.of(
        new ModuleModel.Migration(
            ClassName.get(earlier), fingerprints.of(earlier), method.getSimpleName().toString()));
  }

  /** The direct superclass, or null at {@code Object} (which declares no hook). */
  private TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    rules.requireResolved(superclass);
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) rules.types().asElement(superclass);
    return TypeRules.isJdk(element) ? null : element;
  }

  private static String qualifiedName(ExecutableElement method) {
    return TypeText.simpleName(method.getEnclosingElement()) + "." + method.getSimpleName();
  }
}
