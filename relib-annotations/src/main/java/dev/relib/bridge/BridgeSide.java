package dev.relib.bridge;

/**
 * The side of the boundary a bridge stands on, which its generated constructor passes to {@link
 * Bridge}: the host's bridges are revoked first at unload, the module's only after its
 * {@code @BeforeUnload} method has run.
 *
 * <p>Part of the contract between generated code and the runtime; not meant for direct use.
 */
public enum BridgeSide {
  /** A host-side bridge, {@code <Name>_HostBridge}: the host calls a module's object through it. */
  HOST,
  /** A module-side bridge, {@code <Name>_ModuleBridge}: a module calls a host object through it. */
  MODULE
}
