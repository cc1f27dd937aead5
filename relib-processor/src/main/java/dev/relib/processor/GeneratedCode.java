package dev.relib.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.relib.bridge.Fingerprint;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Generated;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * What every generated file has in common, in one place: {@code @Generated} (without a date, so
 * that builds are reproducible), the one originating element an isolating processor gives each
 * file, {@code java.lang} imports skipped, and a two-space indent.
 */
final class GeneratedCode {
  static final ClassName FINGERPRINT = ClassName.get(Fingerprint.class);
  static final ClassName LIST = ClassName.get(List.class);

  private GeneratedCode() {}

  /**
   * A public final class generated for {@code origin}.
   *
   * @param javaLangClashes simple names of types in the package that hide {@code java.lang} types:
   *     written qualified, since {@code java.lang} is not imported
   */
  static TypeSpec.Builder publicFinalClass(
      ClassName name, TypeElement origin, Set<String> javaLangClashes) {
    return TypeSpec.classBuilder(name)
        .alwaysQualify(javaLangClashes.stream().sorted().toArray(String[]::new))
        .addAnnotation(
            AnnotationSpec.builder(Generated.class)
                .addMember("value", "$S", RelibProcessor.class.getCanonicalName())
                .build())
        .addOriginatingElement(origin)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL);
  }

  static JavaFile file(ClassName name, TypeSpec type) {
    return JavaFile.builder(name.packageName(), type)
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** A {@code new Fingerprint(...)} expression holding the fingerprint's values as literals. */
  static CodeBlock fingerprint(Fingerprint fingerprint) {
    List<CodeBlock> apiTypes =
        fingerprint.apiTypes().stream()
            .map(type -> CodeBlock.of("$S", type))
            .collect(Collectors.toList());
    return CodeBlock.builder()
        .add("new $T(\n$>$>", FINGERPRINT)
        .add("$S,\n$S,\n$S,\n", fingerprint.type(), fingerprint.hash(), fingerprint.text())
        .add(listOf(apiTypes, true))
        .add(")$<$<")
        .build();
  }

  /**
   * {@code List.of(a, b)}, one element a line.
   *
   * @param indent whether to indent the elements: inside another expression; not at the top of a
   *     statement, whose continuation lines are indented already
   */
  static CodeBlock listOf(List<CodeBlock> elements, boolean indent) {
    if (elements.isEmpty()) {
      return CodeBlock.of("$T.of()", LIST);
    }
    CodeBlock.Builder list = CodeBlock.builder().add("$T.of(\n", LIST);
    if (indent) {
      list.add("$>$>");
    }
    for (int i = 0; i < elements.size(); i++) {
      list.add(i == 0 ? "$L" : ",\n$L", elements.get(i));
    }
    if (indent) {
      list.add("$<$<");
    }
    return list.add(")").build();
  }
}
