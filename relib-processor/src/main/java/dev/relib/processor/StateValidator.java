package dev.relib.processor;

import com.palantir.javapoet.ClassName;
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
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Validates the state a {@code @Module} class keeps across reloads ({@code KeepsState<S>}) and its
 * {@code @MigratesState} methods and, when they are valid, builds the state's part of the stub's
 * model: the state type is checked like a returned value, with the stub's copy helpers planned for
 * it. Reports, never writes.
 */
final class StateValidator {
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
  private final FingerprintBuilder fingerprints;

  StateValidator(TypeRules rules) {
    this.rules = rules;
    this.fingerprints = new FingerprintBuilder(rules);
  }

  /**
   * The state of a module that implements {@code KeepsState<S>}, with its migrations; empty when it
   * keeps none or when the state breaks the rules (reported). Errors about the state type go on the
   * module class, which names it; errors about a migration go on its method.
   *
   * @throws Deferral if a supertype or a state type is not resolvable yet
   */
  Optional<ModuleModel.State> validate(TypeElement type, String name, Report report) {
    Optional<DeclaredType> keeps = keepsState(type.asType());
    List<ExecutableElement> migrations =
        ElementFilter.methodsIn(type.getEnclosedElements()).stream()
            .filter(method -> TypeRules.hasAnnotation(method, MIGRATES_STATE))
            .collect(Collectors.toList());
    if (keeps.isEmpty()) {
      for (ExecutableElement migration : migrations) {
        report.error(
            migration,
            Messages.MIGRATION_WITHOUT_STATE,
            ModuleValidator.qualifiedName(migration),
            name);
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
            .flatMap(copier -> CopyHelperWriter.transfers(copier).stream())
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
          ModuleValidator.qualifiedName(method),
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
          ModuleValidator.qualifiedName(method),
          TypeText.simpleName(earlier),
          ModuleValidator.qualifiedName(first));
      return Optional.empty();
    }
    return Optional.of(
        new ModuleModel.Migration(
            ClassName.get(earlier), fingerprints.of(earlier), method.getSimpleName().toString()));
  }
}
