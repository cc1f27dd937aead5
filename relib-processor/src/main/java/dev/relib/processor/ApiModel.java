package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.relib.bridge.Fingerprint;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * A valid {@code @Exports} or {@code @Imports} interface as one side's bridge sees it: everything
 * the bridge writer needs, and nothing it has to check.
 *
 * @param element the interface, the generated bridge's originating element
 * @param side which bridge this model describes
 * @param interfaceName the interface
 * @param bridgeName the generated bridge
 * @param methods the bridged methods, in declaration order (own methods, then inherited ones)
 * @param copiers the copy helpers the methods use, sorted by name
 * @param fingerprint the interface's fingerprint
 * @param javaLangClashes simple names of types in the bridge's package that hide the {@code
 *     java.lang} types of the same name, which the bridge must write qualified
 */
record ApiModel(
    TypeElement element,
    Side side,
    ClassName interfaceName,
    ClassName bridgeName,
    List<Method> methods,
    List<Copier> copiers,
    Fingerprint fingerprint,
    Set<String> javaLangClashes) {

  /**
   * One bridged method.
   *
   * @param thrown the declared exceptions, kept by module-side bridges only (see BridgeWriter)
   */
  record Method(
      String name,
      List<Parameter> parameters,
      boolean varargs,
      TypeName returnType,
      Transfer returned,
      List<TypeName> thrown) {}

  /** One parameter of a bridged method, with how its argument is passed. */
  record Parameter(String name, TypeName type, Transfer transfer) {}
}
