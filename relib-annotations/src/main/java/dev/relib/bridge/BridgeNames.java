package dev.relib.bridge;

/**
 * The names of generated classes, shared by the processor that writes them and the runtime that
 * looks them up. A nested type's names are joined with {@code '_'}: {@code Outer.Inner} in package
 * {@code p} has the host-side bridge {@code p.Outer_Inner_HostBridge}.
 */
public final class BridgeNames {
  public static final String HOST_BRIDGE_SUFFIX = "_HostBridge";
  public static final String MODULE_BRIDGE_SUFFIX = "_ModuleBridge";
  public static final String MODULE_STUB_SUFFIX = "_ModuleStub";

  private BridgeNames() {}

  /** The binary name of the host-side bridge of the interface with the given binary name. */
  public static String hostBridge(String binaryName) {
    return flatten(binaryName) + HOST_BRIDGE_SUFFIX;
  }

  /** The binary name of the module-side bridge of the interface with the given binary name. */
  public static String moduleBridge(String binaryName) {
    return flatten(binaryName) + MODULE_BRIDGE_SUFFIX;
  }

  /** Whether a class of this binary name is a generated bridge. */
  public static boolean isBridge(String binaryName) {
    return binaryName.endsWith(HOST_BRIDGE_SUFFIX) || binaryName.endsWith(MODULE_BRIDGE_SUFFIX);
  }

  private static String flatten(String binaryName) {
    return binaryName.replace('$', '_');
  }
}
