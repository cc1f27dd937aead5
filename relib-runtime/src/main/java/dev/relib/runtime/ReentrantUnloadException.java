package dev.relib.runtime;

/**
 * An unload was asked for on a thread that runs the module's own code: a host import the module
 * called, or a thread the module started. Unloading there would close the module's class loader
 * under the code that is running, so the unload is refused and nothing changes: the module stays
 * loaded and its calls run. Unload it from a thread outside the module, once the call has returned.
 */
public final class ReentrantUnloadException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String moduleName;

  ReentrantUnloadException(String moduleName, String message, StackTraceElement[] stack) {
    super(message);
    this.moduleName = moduleName;
    setStackTrace(ModuleException.copy(stack));
  }

  /**
   * Does nothing: this exception is thrown while module frames are on the stack, and a backtrace
   * of them would keep the module's classes, and its loader, for as long as the host keeps the
   * exception. The constructor sets a copy of the stack, as text.
   */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /** The module that was not unloaded. */
  public String moduleName() {
    return moduleName;
  }
}
