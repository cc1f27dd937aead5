package dev.relib.runtime;

import dev.relib.runtime.internal.threads.Daemons;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call of a module's code ({@code @BeforeUnload}, the state's save or restore) on a runtime
 * thread of its own, so that a hang cannot block the host, and how it ended: its result, or what it
 * threw, or the thread it still runs on (null once it returned) and the time it was given.
 */
record ModuleCall(
    Object result,
    ModuleException thrown,
    Thread thread,
    boolean interrupted,
    long waitedMillis,
    long timeoutMillis) {
  /** What a call that did not return is doing, as a report says it, within {@code step}. */
  String stillRunning(String step) {
    String left = ", left on thread \"" + thread.getName() + "\"";
    return interrupted
        ? "still running when "
            + step
            + " was interrupted after "
            + waitedMillis
            + " ms (of the "
            + timeoutMillis
            + " ms allowed)"
            + left
        : "still running after " + timeoutMillis + " ms" + left;
  }

  /**
   * Calls the module's code on a thread named {@code threadPrefix + moduleName}, with {@code
   * loader} as its context loader; waits up to {@code timeout}, or until this thread is
   * interrupted.
   */
  static ModuleCall run(
      String moduleName,
      ClassLoader loader,
      String threadPrefix,
      Duration timeout,
      Callable<Object> call) {
    long start = System.nanoTime();
    AtomicReference<Object> result = new AtomicReference<>();
    AtomicReference<ModuleException> thrown = new AtomicReference<>();
    Thread thread =
        Daemons.start(
            threadPrefix + moduleName,
            loader,
            () -> {
              try {
                result.set(call.call());
              } catch (Throwable e) {
                thrown.set(ModuleException.translate(moduleName, e));
              }
            });
    boolean interrupted = false;
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      interrupted = true;
      Thread.currentThread().interrupt();
    }
    return new ModuleCall(
        result.get(),
        thrown.get(),
        thread.isAlive() ? thread : null,
        interrupted,
        (System.nanoTime() - start) / 1_000_000,
        timeout.toMillis());
  }
}
