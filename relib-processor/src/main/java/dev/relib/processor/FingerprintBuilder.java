package dev.relib.processor;

import dev.relib.bridge.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Computes an interface's {@link Fingerprint}: one canonical line per member of the interface and
 * of every API type it reaches, sorted, so that two builds of the same API agree line for line and
 * a difference names what changed.
 *
 * <ul>
 *   <li>a bridged method: {@code p.Greeter#count(@Borrowed java.util.List<java.lang.String>)int}
 *   <li>a record: {@code p.Point(int x, int y)}
 *   <li>a {@code @Copy} class: {@code p.Money{long cents; java.lang.String currency}}
 *   <li>an enum: {@code p.Color{RED, GREEN}}
 *   <li>a class copied by constructor or method: {@code p.Matrix(p.Matrix)}, {@code
 *       p.Matrix#copy()p.Matrix}
 * </ul>
 */
final class FingerprintBuilder {
  private final TypeRules rules;

  FingerprintBuilder(TypeRules rules) {
    this.rules = rules;
  }

  /**
   * @throws Deferral if a reached type is not resolvable yet
   */
  Fingerprint of(TypeElement type) {
    Walk walk = new Walk();
    walk.reachType(type);
    String text = String.join("\n", walk.lines);
    List<String> apiTypes =
        walk.visited.stream()
            .filter(element -> !TypeRules.isJdk(element))
            .map(element -> rules.elements().getBinaryName(element).toString())
            .sorted()
            .collect(Collectors.toList());
    return new Fingerprint(type.getQualifiedName().toString(), hash(text), text, apiTypes);
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to implement SHA-256.
      throw new IllegalStateException(e);
    }
  }

  /** One traversal: the types seen so far and the lines they contributed. */
  private final class Walk {
    final Set<TypeElement> visited = new HashSet<>();
    final Set<String> lines = new TreeSet<>();

    void reach(TypeMirror type) {
      TypeRules.forEachNamed(type, this::reachType);
    }

    void reachType(TypeElement element) {
      if (TypeRules.isJdk(element) || !visited.add(element)) {
        return;
      }
      String owner = element.getQualifiedName().toString();
      switch (element.getKind()) {
        case INTERFACE:
          for (TypeMirror superinterface : element.getInterfaces()) {
            reach(superinterface);
          }
          if (TypeRules.hasAnnotation(element, Side.EXPORTS.annotation())
              || TypeRules.hasAnnotation(element, Side.IMPORTS.annotation())) {
            for (TypeRules.Member member : rules.bridgedMethods(element)) {
              lines.add(owner + "#" + methodLine(member));
              member.type().getParameterTypes().forEach(this::reach);
              reach(member.type().getReturnType());
            }
          }
          break;
        case RECORD:
          List<String> components = new ArrayList<>();
          for (RecordComponentElement component : element.getRecordComponents()) {
            components.add(
                TypeText.canonical(component.asType()) + " " + component.getSimpleName());
            reach(component.asType());
          }
          lines.add(owner + "(" + String.join(", ", components) + ")");
          break;
        case ENUM:
          lines.add(
              owner
                  + ElementFilter.fieldsIn(element.getEnclosedElements()).stream()
                      .filter(field -> field.getKind() == ElementKind.ENUM_CONSTANT)
                      .map(field -> field.getSimpleName().toString())
                      .collect(Collectors.joining(", ", "{", "}")));
          break;
        case CLASS:
          if (TypeRules.isCopyAnnotated(element)) {
            List<String> fields = new ArrayList<>();
            for (VariableElement field : TypeRules.instanceFields(element)) {
              fields.add(TypeText.canonical(field.asType()) + " " + field.getSimpleName());
              reach(field.asType());
            }
            lines.add(owner + "{" + String.join("; ", fields) + "}");
          } else {
            copyLines(owner, element);
          }
          break;
        default:
          break;
      }
    }

    /** The way a class is copied, as the copy planner finds it ({@link TypeRules}). */
    private void copyLines(String owner, TypeElement element) {
      if (rules.copyConstructor(element).isPresent()) {
        lines.add(owner + "(" + owner + ")");
      }
      DeclaredType type = (DeclaredType) element.asType();
      rules
          .copyMethod(type)
          .ifPresent(
              method ->
                  lines.add(
                      owner
                          + "#copy()"
                          + TypeText.canonical(
                              ((ExecutableType) rules.types().asMemberOf(type, method))
                                  .getReturnType())));
    }

    private String methodLine(TypeRules.Member member) {
      List<String> parameters = new ArrayList<>();
      List<? extends VariableElement> elements = member.element().getParameters();
      List<? extends TypeMirror> types = member.type().getParameterTypes();
      for (int i = 0; i < types.size(); i++) {
        String prefix = TypeRules.isBorrowed(elements.get(i)) ? "@Borrowed " : "";
        parameters.add(prefix + TypeText.canonical(types.get(i)));
      }
      TypeMirror returned = member.type().getReturnType();
      return member.element().getSimpleName()
          + "("
          + String.join(", ", parameters)
          + ")"
          + (returned.getKind() == TypeKind.VOID ? "void" : TypeText.canonical(returned));
    }
  }
}
