package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.jdk.Internals;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Flight-recorder listeners of module classes: the JDK keeps each in a static list until it is
 * removed, and a library that waits for the recorder to start (Netty 4.2's allocator events, which
 * remove their listener only once a recording begins) leaves it there whenever none does. Removed
 * by public API ({@link FlightRecorder#removeListener}); finding them needs {@code --add-opens
 * jdk.jfr/jdk.jfr.internal=ALL-UNNAMED}. Runs only when a class of the module named {@code
 * jdk.jfr}.
 */
final class FlightRecorderCleaner implements LeakCleaner {
  private static final String WHERE = "FlightRecorder listeners";

  @Override
  public String kind() {
    return "flight-recorder listener";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) throws Exception {
    if (!(scope.loader() instanceof ModuleClassLoader loader)
        || !loader.references(ModuleClassLoader.Api.JFR)) {
      return;
    }
    List<Object> listeners = new ArrayList<>();
    try {
      Class<?> recorder = Class.forName("jdk.jfr.internal.PlatformRecorder");
      Method all = Internals.method(recorder, "getListeners");
      for (Object listed : (List<?>) all.invoke(null)) {
        listeners.add(unwrapped(listed));
      }
    } catch (Internals.Closed e) {
      findings.accept(
          new Leak(
              kind(),
              WHERE,
              Leak.Outcome.SKIPPED,
              "needs " + e.flag() + " (Netty: or run with -Dio.netty.jfr.enabled=false)"));
      return;
    }
    for (Object listener : listeners) {
      if (listener != null && scope.isModuleClass(listener.getClass())) {
        FlightRecorder.removeListener((FlightRecorderListener) listener);
        findings.accept(
            new Leak(
                kind(), WHERE, Leak.Outcome.CLEARED, listener.getClass().getName() + " removed"));
      }
    }
  }

  /**
   * The listener a host or module added. JDK 17 to 23 keep it wrapped with the access-control
   * context of its caller (a {@code SecureRecorderListener}, in the list the JDK hands out too).
   */
  private static Object unwrapped(Object listed) throws Exception {
    if (listed != null && listed.getClass().getName().endsWith("$SecureRecorderListener")) {
      return Internals.method(listed.getClass(), "getChangeListener").invoke(listed);
    }
    return listed;
  }
}
