package dev.relib.processor;

import dev.relib.Exports;
import dev.relib.Imports;
import dev.relib.bridge.BridgeNames;

/**
 * The two sides of the boundary, named after the annotation that puts an interface on them: an
 * {@code @Exports} interface is implemented by a module and called by the host through its
 * host-side bridge; an {@code @Imports} interface is implemented by the host and called by a module
 * through its module-side bridge.
 */
enum Side {
  EXPORTS(Exports.class.getCanonicalName(), "Exports", BridgeNames.HOST_BRIDGE_SUFFIX),
  IMPORTS(Imports.class.getCanonicalName(), "Imports", BridgeNames.MODULE_BRIDGE_SUFFIX);

  private final String annotation;
  private final String simpleName;
  private final String bridgeSuffix;

  Side(String annotation, String simpleName, String bridgeSuffix) {
    this.annotation = annotation;
    this.simpleName = simpleName;
    this.bridgeSuffix = bridgeSuffix;
  }

  /** The canonical name of the annotation. */
  String annotation() {
    return annotation;
  }

  /** The annotation's simple name, as messages print it after {@code @}. */
  String simpleName() {
    return simpleName;
  }

  /** The suffix of the bridge that stands for this side's objects on the other side. */
  String bridgeSuffix() {
    return bridgeSuffix;
  }

  Side opposite() {
    return this == EXPORTS ? IMPORTS : EXPORTS;
  }
}
