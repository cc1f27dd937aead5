package dev.relib.runtime;

import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeContext;

/**
 * The bridges' view of one loaded module. A call's hot path runs only the final methods of {@link
 * BridgeContext}; this class adds what runs when a call fails or at unload.
 */
final class ModuleContext extends BridgeContext {
  private final String moduleName;

  ModuleContext(
      String moduleName,
      ClassLoader moduleLoader,
      ClassLoader hostLoader,
      boolean switchesContextLoader) {
    super(moduleLoader, hostLoader, switchesContextLoader);
    this.moduleName = moduleName;
  }

  /**
   * Translates what the module threw. A {@link ModuleUnloadedException} stays one: a call in flight
   * when the unload revoked the bridges fails as unloaded when the module calls back into the host,
   * and the host must see it as such. It is thrown anew, as the original's backtrace references the
   * module's frames.
   */
  @Override
  public RuntimeException translate(Throwable thrown) {
    if (thrown instanceof ModuleUnloadedException unloaded) {
      return new ModuleUnloadedException(unloaded.moduleName());
    }
    return ModuleException.translate(moduleName, thrown);
  }

  @Override
  public RuntimeException unloaded() {
    return new ModuleUnloadedException(moduleName);
  }

  /** Stops new calls: revokes the host's bridges; see {@link BridgeContext#revokeHostBridges()}. */
  int revokeHostSide() {
    return revokeHostBridges();
  }

  /**
   * Revokes every bridge, the module's into the host too; see {@link BridgeContext#revokeAll()}.
   */
  int revoke() {
    return revokeAll();
  }

  /** Points one of the host's bridges at another target; see {@link BridgeContext#retarget}. */
  void point(Bridge bridge, Object target) {
    retarget(bridge, target);
  }

  /** Forgets the loaders: a bridge the host keeps then keeps only this context, not the module. */
  void release() {
    releaseLoaders();
  }
}
