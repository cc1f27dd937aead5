package dev.relib.bridge;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * One loaded module as its generated bridges see it: how a call switches the thread's context class
 * loader, how a throwable from the module is translated, how a call after unload fails, and which
 * bridges to revoke at unload.
 *
 * <p>The runtime subclasses it, one instance per loaded module. What a bridged call runs on its hot
 * path ({@link Calls}, then {@link #enter()}, {@link #enterHost()}, {@link #exit(ClassLoader)}) is
 * final and writes nothing unless the module switches the context class loader, so that a call
 * costs one volatile read more than a direct interface call. Calls in flight are found at unload
 * from the threads' stacks rather than counted per call.
 *
 * <p>Part of the contract between generated code and the runtime; not meant for direct use.
 */
public abstract class BridgeContext {
  private final boolean switchesContextLoader;
  private ClassLoader moduleLoader;
  private ClassLoader hostLoader;

  private final Object lock = new Object();
  // The host's bridges into the module (its exports, the handles it returned) are revoked first,
  // to stop new calls; the module's bridges into the host only after its @BeforeUnload has run.
  private final Tracked hostBridges = new Tracked();
  private final Tracked moduleBridges = new Tracked();

  /** The live bridges of one side, held weakly: a bridge nobody holds needs no revoking. */
  private static final class Tracked {
    List<WeakReference<Bridge>> bridges = new ArrayList<>();
    int purgeAt = 64;
    boolean revoked;
  }

  /**
   * @param moduleLoader the module's class loader, the context class loader of calls into it
   * @param hostLoader the context class loader of calls from the module into the host
   * @param switchesContextLoader whether calls switch the context class loader at all
   */
  protected BridgeContext(
      ClassLoader moduleLoader, ClassLoader hostLoader, boolean switchesContextLoader) {
    this.moduleLoader = moduleLoader;
    this.hostLoader = hostLoader;
    this.switchesContextLoader = switchesContextLoader;
  }

  /** Whether calls switch the context class loader at all. */
  final boolean switchesContextLoader() {
    return switchesContextLoader;
  }

  /**
   * Called through {@link Calls#enter} by a host-side bridge before it calls into the module, if
   * calls switch the context class loader.
   *
   * @return what {@link #exit(ClassLoader)} restores afterwards
   */
  final ClassLoader enter() {
    return swap(moduleLoader);
  }

  /**
   * Called through {@link Calls#enterHost} by a module-side bridge before it calls into the host,
   * if calls switch the context class loader.
   *
   * @return what {@link #exit(ClassLoader)} restores afterwards
   */
  final ClassLoader enterHost() {
    return swap(hostLoader);
  }

  /** Restores the context class loader that {@link #enter()} or {@link #enterHost()} returned. */
  final void exit(ClassLoader previous) {
    Thread thread = Thread.currentThread();
    if (thread.getContextClassLoader() != previous) {
      thread.setContextClassLoader(previous);
    }
  }

  private static ClassLoader swap(ClassLoader loader) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous != loader) {
      // On JDK 19+ the field is volatile: a store costs two fences, skip it when nothing changes.
      thread.setContextClassLoader(loader);
    }
    return previous;
  }

  /**
   * Translates what the module threw into an exception of the host's own classes that keeps the
   * text (class name, message, stack trace, causes, suppressed) but no reference to the module. The
   * bridge throws what this returns ({@link Calls#translate}).
   */
  public abstract RuntimeException translate(Throwable thrown);

  /** The exception a call through a revoked bridge throws. */
  public abstract RuntimeException unloaded();

  /**
   * Registers a bridge of this module, to be revoked at unload. A bridge tracked after its side was
   * revoked is revoked at once.
   */
  public final void track(Bridge bridge) {
    Tracked side = bridge.side == BridgeSide.MODULE ? moduleBridges : hostBridges;
    synchronized (lock) {
      if (!side.revoked) {
        if (side.bridges.size() >= side.purgeAt) {
          side.bridges.removeIf(reference -> reference.get() == null);
          side.purgeAt = Math.max(64, side.bridges.size() * 2);
        }
        side.bridges.add(new WeakReference<>(bridge));
        return;
      }
    }
    bridge.retarget(null);
  }

  /**
   * Revokes the bridges the host holds into this module (its exports and every handle it returned):
   * the first step of unload. Calls that already passed their guard complete; every later call
   * fails with {@link #unloaded()}. The module's own bridges into the host stay, so that its
   * {@code @BeforeUnload} method can still call the host.
   *
   * @return how many bridges were still alive and were revoked
   */
  protected final int revokeHostBridges() {
    return revoke(hostBridges);
  }

  /**
   * Revokes every bridge of this module, the module's bridges into the host included: a thread the
   * module left behind can no longer call the host.
   *
   * @return how many bridges were still alive and were revoked
   */
  protected final int revokeAll() {
    return revoke(hostBridges) + revoke(moduleBridges);
  }

  private int revoke(Tracked side) {
    List<WeakReference<Bridge>> toRevoke;
    synchronized (lock) {
      side.revoked = true;
      toRevoke = side.bridges;
      side.bridges = List.of();
    }
    int count = 0;
    for (WeakReference<Bridge> reference : toRevoke) {
      Bridge bridge = reference.get();
      if (bridge != null) {
        bridge.retarget(null);
        count++;
      }
    }
    return count;
  }

  /**
   * Points a bridge at another object of the other side: how a live module moves the bridge its
   * host holds from one version of the module to the next.
   */
  protected static void retarget(Bridge bridge, Object target) {
    bridge.retarget(target);
  }

  /** Drops the class loaders, so that a context the host still reaches does not keep them. */
  protected final void releaseLoaders() {
    moduleLoader = null;
    hostLoader = null;
  }
}
