package dev.relib.benchmarks.host.calls;

/**
 * The failure side of the hand-written bridges' guard, the same as relib's: a call through a revoked
 * bridge fails with an exception of the host's own classes, and what the module threw is rebuilt as
 * a host exception that keeps its text and stack trace but no reference to the module's classes.
 * Only the benchmarks' cold paths reach it; its cost is the {@code catch} and the volatile read that
 * decide to call it.
 */
final class Guard {
  private Guard() {}

  static RuntimeException unloaded(String module) {
    return new IllegalStateException("module '" + module + "' is unloaded");
  }

  static RuntimeException translate(String module, Throwable thrown) {
    RuntimeException translated =
        new ModuleFailure(
            thrown.getClass().getName() + ": " + thrown.getMessage() + " (thrown in module '" + module + "')");
    translated.setStackTrace(thrown.getStackTrace().clone());
    return translated;
  }

  /** What a module threw, as text: a host class with no backtrace of its own. */
  static final class ModuleFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModuleFailure(String message) {
      super(message, null, false, true);
    }
  }
}
