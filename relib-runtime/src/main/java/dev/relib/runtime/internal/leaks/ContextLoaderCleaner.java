package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import java.util.function.Consumer;

/**
 * Threads whose context class loader is the module's, e.g. threads started from a call into the
 * module, which inherit it (README.md leak table, row 2). Reset to the host's loader, by public
 * API; threads that still run module code are only reported.
 */
final class ContextLoaderCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "context class loader";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) {
    for (Thread thread : scope.threads()) {
      if (thread.getContextClassLoader() != scope.loader()) {
        continue;
      }
      if (scope.moduleThreads().contains(thread)) {
        findings.accept(
            new Leak(
                kind(),
                CleanupScope.name(thread),
                Leak.Outcome.REPORTED,
                "left as is: the thread still runs module code"));
      } else {
        thread.setContextClassLoader(scope.hostLoader());
        findings.accept(
            new Leak(
                kind(),
                CleanupScope.name(thread),
                Leak.Outcome.CLEARED,
                "was the module's loader, reset to the host's"));
      }
    }
  }
}
