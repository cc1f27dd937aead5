package dev.relib.runtime;

/**
 * A call reached a module, or a handle of it, after the module was unloaded (or while it was being
 * unloaded). The call did not run.
 */
public final class ModuleUnloadedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String moduleName;

  ModuleUnloadedException(String moduleName) {
    super(
        "module '"
            + moduleName
            + "' was unloaded: its exports and every handle it returned are revoked; load the"
            + " module again and call the new exports");
    this.moduleName = moduleName;
  }

  /** The name of the unloaded module. */
  public String moduleName() {
    return moduleName;
  }
}
