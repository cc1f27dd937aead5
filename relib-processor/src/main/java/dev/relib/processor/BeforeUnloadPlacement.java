package dev.relib.processor;

import dev.relib.processor.Messages.Fragment;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Validates where the {@code @BeforeUnload} methods of a class that is not a {@code @Module} class
 * sit: each that no module can call is an error, judged from its class alone, as an isolating
 * processor must (recompiling one file must give what a full build gives). A class that looks like
 * a module whose {@code @Module} annotation did not resolve gets the one message, a class no module
 * can extend (final, an interface, an enum, a record) the other. A class a module may extend is
 * left alone: a module's hook is found in its superclasses when the module compiles ({@link
 * ModuleValidator}). Reports, never prints.
 */
final class BeforeUnloadPlacement {
  private final Types types;

  BeforeUnloadPlacement(Types types) {
    this.types = types;
  }

  Report validate(TypeElement owner) {
    Report report = new Report();
    Optional<String> unresolved = unresolvedModuleAnnotation(owner);
    Optional<String> notExtensible = notExtensible(owner);
    if (unresolved.isEmpty() && notExtensible.isEmpty()) {
      return report;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      if (!TypeRules.hasAnnotation(method, ModuleValidator.BEFORE_UNLOAD)) {
        continue;
      }
      String methodName = TypeText.simpleName(owner) + "." + method.getSimpleName();
      if (unresolved.isPresent()) {
        report.error(
            method,
            Messages.MODULE_ANNOTATION_UNRESOLVED,
            methodName,
            TypeText.simpleName(owner),
            unresolved.get());
      } else {
        report.error(
            method,
            Messages.BEFORE_UNLOAD_OUTSIDE_MODULE,
            methodName,
            TypeText.simpleName(owner),
            notExtensible.get());
      }
    }
    return report;
  }

  /** Why no class can extend a type, if none can. */
  private static Optional<String> notExtensible(TypeElement type) {
    return switch (type.getKind()) {
      case INTERFACE, ANNOTATION_TYPE, ENUM, RECORD ->
          Optional.of(Fragment.IT_IS.format(Messages.kindName(type)));
      case CLASS ->
          type.getModifiers().contains(Modifier.FINAL)
              ? Optional.of(Fragment.IT_IS_FINAL.format())
              : Optional.empty();
      default -> Optional.of(Fragment.IT_IS_NOT_A_CLASS.format());
    };
  }

  /**
   * Why a class that is not a {@code @Module} class was probably meant to be one: it carries an
   * annotation that did not resolve (javac 21 and later keep it, as an error type), or it
   * implements an {@code @Exports} interface (javac 17 drops an annotation it cannot resolve).
   */
  private Optional<String> unresolvedModuleAnnotation(TypeElement owner) {
    if (owner.getKind() != ElementKind.CLASS) {
      return Optional.empty();
    }
    for (AnnotationMirror mirror : owner.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().getKind() == TypeKind.ERROR) {
        return Optional.of(Fragment.UNRESOLVED_ANNOTATION.format(mirror.getAnnotationType()));
      }
    }
    Optional<TypeElement> exports = exportsInterface(owner.asType(), new HashSet<>());
    return exports.map(api -> Fragment.EXPORTS_WITHOUT_MODULE.format(TypeText.simpleName(api)));
  }

  private Optional<TypeElement> exportsInterface(TypeMirror type, Set<TypeMirror> seen) {
    for (TypeMirror supertype : types.directSupertypes(type)) {
      if (supertype.getKind() != TypeKind.DECLARED || !seen.add(supertype)) {
        continue;
      }
      Optional<TypeElement> api = TypeRules.sideInterface(supertype, Side.EXPORTS);
      if (api.isPresent()) {
        return api;
      }
      api = exportsInterface(supertype, seen);
      if (api.isPresent()) {
        return api;
      }
    }
    return Optional.empty();
  }
}
