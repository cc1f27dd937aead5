package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import dev.relib.bridge.Fingerprint;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * A valid {@code @Module} class, as its stub writer needs it.
 *
 * @param element the module class, the stub's originating element
 * @param moduleClass the module class
 * @param stubName the generated stub
 * @param binaryName the module class's binary name, written into the stub's resource
 * @param exports the exports interface the module implements
 * @param imports the constructor's imports, in parameter order
 * @param beforeUnload the name of the {@code @BeforeUnload} method, if any
 */
record ModuleModel(
    TypeElement element,
    ClassName moduleClass,
    ClassName stubName,
    String binaryName,
    Api exports,
    List<Api> imports,
    Optional<String> beforeUnload) {

  /** An interface the module uses: its bridge on the matching side and its fingerprint. */
  record Api(ClassName type, ClassName bridge, Fingerprint fingerprint) {}
}
