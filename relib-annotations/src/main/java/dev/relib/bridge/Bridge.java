package dev.relib.bridge;

import java.util.Objects;

/**
 * Base class of every generated bridge: a host-side bridge ({@code <Name>_HostBridge}) that stands
 * for a module's object in the host, or a module-side bridge ({@code <Name>_ModuleBridge}) that
 * stands for a host object in a module.
 *
 * <p>A bridge holds the object of the other side in a volatile field that {@link #retarget(Object)}
 * sets. That single volatile read is the whole guard of a call ({@link Calls#guard}): once the
 * field is cleared (the module is unloaded), nothing the other side holds (the bridge) references
 * the revoked side's objects, and every call fails fast with {@link BridgeContext#unloaded()}. A
 * live module's bridge is retargeted from one version to the next instead.
 *
 * <p>The fields here are package-private and read only by {@link Calls}, whose static methods the
 * generated code calls: neither a field nor a method of the bridged interface can hide or clash
 * with them.
 *
 * <p>Part of the contract between generated code and the runtime; not meant for direct use.
 */
public abstract class Bridge {
  /** The module this bridge belongs to. */
  final BridgeContext context;

  /** The side this bridge stands on. */
  final BridgeSide side;

  /**
   * Whether calls through this bridge switch the thread's context class loader: the context's
   * setting, copied here so that a call that does not switch reads nothing but this bridge.
   */
  final boolean switchesContextLoader;

  /**
   * Creates a bridge of the given module. The subclass's constructor ends with {@code
   * context.track(this)}, once its target is set.
   */
  protected Bridge(BridgeContext context, BridgeSide side) {
    this.context = Objects.requireNonNull(context, "context");
    this.side = Objects.requireNonNull(side, "side");
    this.switchesContextLoader = context.switchesContextLoader();
  }

  /**
   * Points this bridge at another object of the other side, which implements the bridged interface;
   * {@code null} revokes the bridge: every later call fails as unloaded.
   */
  protected abstract void retarget(Object target);
}
