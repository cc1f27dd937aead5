package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import dev.relib.BeforeUnload;
import dev.relib.bridge.BridgeNames;
import dev.relib.processor.Messages.Fragment;
import java.util.ArrayList;
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
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Validates a {@code @Module} class and its {@code @BeforeUnload} method (its state, if it keeps
 * one, through {@link StateValidator}) and, when they are valid, builds the model its stub is
 * written from. Reports, never writes.
 */
final class ModuleValidator {
  /** The outcome: a report, and a model exactly when the report is clean. */
  record Result(Report report, Optional<ModuleModel> model) {}

  static final String BEFORE_UNLOAD = BeforeUnload.class.getCanonicalName();

  private final TypeRules rules;
  private final ApiValidator apis;
  private final Predicate<Element> inSources;
  private final StateValidator states;

  ModuleValidator(TypeRules rules, ApiValidator apis, Predicate<Element> inSources) {
    this.rules = rules;
    this.apis = apis;
    this.inSources = inSources;
    this.states = new StateValidator(rules);
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
    Optional<ModuleModel.State> state = states.validate(type, name, report);
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

  static String qualifiedName(ExecutableElement method) {
    return TypeText.simpleName(method.getEnclosingElement()) + "." + method.getSimpleName();
  }
}
