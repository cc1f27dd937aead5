package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * {@code java.util.logging} handlers and filters of module classes on any logger, e.g. a handler
 * the module added to the root logger (README.md leak table, row 14). Removed by public API, not
 * closed: closing would run module code after unload.
 */
final class LoggingCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "logging";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) {
    LogManager manager = LogManager.getLogManager();
    for (String name : Collections.list(manager.getLoggerNames())) {
      Logger logger = manager.getLogger(name);
      if (logger == null) {
        continue;
      }
      String where = "logger '" + name + "'";
      for (Handler handler : logger.getHandlers()) {
        if (scope.isModuleClass(handler.getClass())) {
          logger.removeHandler(handler);
          findings.accept(
              new Leak(
                  kind(),
                  where,
                  Leak.Outcome.CLEARED,
                  "handler " + handler.getClass().getName() + " removed"));
        }
      }
      Filter filter = logger.getFilter();
      if (filter != null && scope.isModuleClass(filter.getClass())) {
        logger.setFilter(null);
        findings.accept(
            new Leak(
                kind(),
                where,
                Leak.Outcome.CLEARED,
                "filter " + filter.getClass().getName() + " removed"));
      }
    }
  }
}
