package dev.relib.runtime;

import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeContext;

/**
 * The context of a live module's stable bridge, the one object the host keeps across reloads. That
 * bridge forwards to the host-side bridge of the version now serving, which guards the call into
 * the module and translates what it throws; this context adds no context-class-loader switch of its
 * own and passes the inner bridge's exceptions through.
 */
final class LiveContext extends BridgeContext {
  private final String moduleName;

  LiveContext(String moduleName) {
    super(null, null, false);
    this.moduleName = moduleName;
  }

  @Override
  public RuntimeException translate(Throwable thrown) {
    if (thrown instanceof ModuleException || thrown instanceof ModuleUnloadedException) {
      return (RuntimeException) thrown; // already the host's own, from the version's bridge
    }
    return ModuleException.translate(moduleName, thrown);
  }

  @Override
  public RuntimeException unloaded() {
    return new ModuleUnloadedException(moduleName);
  }

  /** Points the stable bridge at the exports of another version. */
  void switchTo(Bridge stable, Object exports) {
    retarget(stable, exports);
  }

  /** Revokes the stable bridge: the live module is closed. */
  void close() {
    revokeAll();
  }

  /**
   * Creates the stable bridge: the generated host-side bridge of {@code exportsType}, found by its
   * name beside the interface, whose target is the first version's exports.
   */
  <T> Bridge newBridge(Class<T> exportsType, T first) {
    String name = dev.relib.bridge.BridgeNames.hostBridge(exportsType.getName());
    try {
      Class<?> type = Class.forName(name, true, exportsType.getClassLoader());
      return (Bridge)
          type.getConstructor(BridgeContext.class, exportsType).newInstance(this, first);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot create "
              + name
              + ": was "
              + exportsType.getName()
              + " compiled with relib-processor?",
          e);
    }
  }
}
