package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import java.util.function.Consumer;

/**
 * One kind of reference from outside a module into it that would keep the module's loader alive
 * after unload: finds such references and, where it can, removes them. Each finding is a report
 * entry. A cleaner that throws is reported as failed; the unload goes on.
 */
public interface LeakCleaner {
  /** What this cleaner looks for, as the report names it ("thread-local", "JDBC driver", ...). */
  String kind();

  /** Finds and cures; every finding goes to {@code findings}, including a skipped check. */
  void clean(CleanupScope scope, Consumer<Leak> findings) throws Exception;
}
