package dev.relib.runtime;

import java.util.Objects;

/**
 * An unload stopped before closing the module's class loader, because calls did not drain in time
 * or threads still run module code. The module stays revoked (every call fails with {@link
 * ModuleUnloadedException}); call {@link LoadedModule#unload()} again once the threads have ended,
 * or unload with {@link UnloadOptions#withProceedWithRunningThreads(boolean)}.
 */
public final class UnloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // immutable; exceptions of relib are not meant to be serialized
  private final UnloadReport report;

  UnloadException(String message, UnloadReport report) {
    super(message + "\n" + report);
    this.report = Objects.requireNonNull(report, "report");
  }

  /** What the unload did and found up to where it stopped. */
  public UnloadReport report() {
    return report;
  }
}
