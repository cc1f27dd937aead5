package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import dev.relib.bridge.Fingerprint;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * @param state the state the module keeps across reloads, if it implements {@code KeepsState}
 * @param javaLangClashes simple names of types in the stub's package that hide the {@code
 *     java.lang} types of the same name, which the stub must write qualified
 */
record ModuleModel(
    TypeElement element,
    ClassName moduleClass,
    ClassName stubName,
    String binaryName,
    Api exports,
    List<Api> imports,
    Optional<String> beforeUnload,
    Optional<State> state,
    Set<String> javaLangClashes) {

  /** An interface the module uses: its bridge on the matching side and its fingerprint. */
  record Api(ClassName type, ClassName bridge, Fingerprint fingerprint) {}

  /**
   * The state a {@code KeepsState} module hands to its next version.
   *
   * @param type the state type
   * @param fingerprint its fingerprint
   * @param transfer how the stub copies a saved state
   * @param copiers the copy helpers the stub declares
   * @param migrations the {@code @MigratesState} methods, sorted by the type they migrate from
   */
  record State(
      ClassName type,
      Fingerprint fingerprint,
      Transfer transfer,
      List<Copier> copiers,
      List<Migration> migrations) {}

  /** A {@code @MigratesState} method: the earlier state type, its fingerprint, the method name. */
  record Migration(ClassName from, Fingerprint fingerprint, String method) {}
}
