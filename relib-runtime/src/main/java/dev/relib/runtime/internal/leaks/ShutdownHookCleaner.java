package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.jdk.Internals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shutdown hooks the module registered: the JDK keeps each hook thread until the JVM exits
 * (README.md leak table, row 6). Removed without being run; {@code @BeforeUnload} is where a module
 * cleans up.
 */
final class ShutdownHookCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "shutdown hook";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) throws Exception {
    Class<?> hooksClass = Class.forName("java.lang.ApplicationShutdownHooks");
    List<Thread> hooks;
    try {
      hooks = new ArrayList<>();
      synchronized (hooksClass) {
        // Null once the JVM is shutting down: hooks run then, there is nothing left to remove.
        Map<?, ?> map = (Map<?, ?>) Internals.field(hooksClass, "hooks").get(null);
        if (map != null) {
          for (Object hook : map.keySet()) {
            hooks.add((Thread) hook);
          }
        }
      }
      for (Thread hook : hooks) {
        if (scope.isModuleClass(hook.getClass())
            || hook.getContextClassLoader() == scope.loader()
            || scope.holdsModule(Internals.runnableOf(hook))) {
          Runtime.getRuntime().removeShutdownHook(hook);
          findings.accept(
              new Leak(
                  kind(),
                  "JVM shutdown hooks",
                  Leak.Outcome.CLEARED,
                  "hook thread \"" + hook.getName() + "\" removed, not run"));
        }
      }
    } catch (Internals.Closed e) {
      findings.accept(
          new Leak(kind(), "JVM shutdown hooks", Leak.Outcome.SKIPPED, "needs " + e.flag()));
    }
  }
}
