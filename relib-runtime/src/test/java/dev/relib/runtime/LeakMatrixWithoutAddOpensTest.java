package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.UnloadReport.Holder;
import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.TimeUnit;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leaks whose cure reads JDK internals, in a JVM started
 * without any --add-opens (the surefire execution "without-add-opens"). The runtime skips the cure,
 * names the flag, and the heap dump names what holds the module.
 */
@Tag("no-add-opens")
class LeakMatrixWithoutAddOpensTest {
  private static final UnloadOptions LEAKING =
      UnloadOptions.defaults()
          .withThreadWait(Duration.ofMillis(50))
          .withProceedWithRunningThreads(true)
          .withCollectionTimeout(Duration.ofMillis(400));

  private static Path classes;

  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final List<Thread> hostThreads = new ArrayList<>();

  @BeforeAll
  static void compileOnce(@TempDir Path shared) {
    assertFalse(
        Thread.class.getModule().isOpen("java.lang", LeakMatrixWithoutAddOpensTest.class.getModule()),
        "this test must run without --add-opens java.base/java.lang");
    classes =
        TestModules.greeter(LeakMatrixTest.RUN, LeakMatrixTest.MEMBERS)
            .source("m.Messages", LeakMatrixTest.BUNDLE)
            .compileTo(shared.resolve("matrix"));
  }

  @AfterEach
  void release() throws InterruptedException {
    System.setProperty(LeakMatrixTest.RELEASE, "now");
    for (Thread thread : hostThreads) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
    Thread tccl = Fixtures.thread("module-tccl");
    if (tccl != null) {
      tccl.join(TimeUnit.SECONDS.toMillis(10));
    }
    System.clearProperty(LeakMatrixTest.RELEASE);
    for (WeakReference<?> handle : LeakMatrixTest.HANDLES) {
      Object left = handle.get();
      if (left instanceof Timer timer) {
        timer.cancel();
      } else if (left instanceof Thread hook) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
    LeakMatrixTest.HANDLES.clear();
    for (WeakReference<?> listener : LeakMatrixTest.LISTENERS) {
      if (listener.get() instanceof FlightRecorderListener recorderListener) {
        FlightRecorder.removeListener(recorderListener);
      }
    }
    LeakMatrixTest.LISTENERS.clear();
    relib.close();
  }

  private LoadedModule<Greeter> load(String name) {
    return relib
        .module(Greeter.class)
        .provide(HostLog.class, message -> {})
        .load(TestModules.jar(classes, dir.resolve(name + ".jar")));
  }

  private static UnloadReport unload(LoadedModule<Greeter> module, UnloadOptions options) {
    UnloadReport report = module.unload(options);
    System.out.println(report);
    return report;
  }

  private static void assertSkipped(UnloadReport report, String kind) {
    assertTrue(
        report.skippedChecks().stream()
            .anyMatch(
                leak -> leak.kind().equals(kind) && leak.detail().startsWith("needs --add-opens")),
        report.toString());
  }

  private static Holder holder(UnloadReport report) {
    assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
    assertTrue(report.holder().isPresent(), report.toString());
    Holder holder = report.holder().get();
    assertEquals(Holder.Found.PATH, holder.found(), report.toString());
    assertEquals(
        "loader " + report.loaderName(), holder.path().get(holder.path().size() - 1));
    return holder;
  }

  /** 4: the inheritable thread-local cannot be cleared: the path runs from the host thread. */
  @Test
  void anInheritableThreadLocalIsSkippedAndItsThreadNamed() throws Exception {
    LoadedModule<Greeter> module = load("inheritable");
    Thread caller =
        new Thread(
            () -> {
              module.exports().run("inheritable");
              Thread later = new Thread(LeakMatrixTest::waitForRelease, "host-later");
              later.setDaemon(true);
              later.start();
              hostThreads.add(later);
              LeakMatrixTest.waitForRelease();
            },
            "host-caller");
    caller.setDaemon(true);
    hostThreads.add(caller);
    caller.start();
    Fixtures.await(
        "the thread host-later started",
        Duration.ofSeconds(30),
        () -> Fixtures.thread("host-later") != null);

    UnloadReport report = unload(module, LEAKING);

    assertSkipped(report, "thread-local");
    List<String> path = holder(report).path();
    assertTrue(
        path.get(0).matches("thread \"host-(caller|later)\""), report.toString());
    assertEquals("java.lang.Thread.inheritableThreadLocals", path.get(1), report.toString());
    assertTrue(path.contains("m.GreeterModule$Payload"), report.toString());
  }

  /** 7: resetting a context class loader is public API: cured without flags. */
  @Test
  void aContextLoaderIsResetWithoutFlags() {
    LoadedModule<Greeter> module = load("context-loader");
    module.exports().run("context-loader");

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertTrue(
        report.leaks(Leak.Outcome.CLEARED).stream()
            .anyMatch(
                leak ->
                    leak.kind().equals("context class loader")
                        && leak.where().contains("module-tccl")),
        report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /** 10: a module timer cannot be cancelled without flags: the path runs from its thread. */
  @Test
  void aTimerIsSkippedAndItsThreadNamed() {
    LoadedModule<Greeter> module = load("timer");
    module.exports().run("timer");

    UnloadReport report = unload(module, LEAKING);

    assertSkipped(report, "timer");
    List<String> path = holder(report).path();
    // The timer thread, or the frame of its main loop that holds the next task.
    assertTrue(
        path.get(0).matches("(Java frame \\S+ of )?thread \"module-timer\""), report.toString());
  }

  /** 11: a module shutdown hook cannot be found without flags: the path names the hook table. */
  @Test
  void aShutdownHookIsSkippedAndTheHookTableNamed() {
    LoadedModule<Greeter> module = load("hook");
    module.exports().run("hook");

    UnloadReport report = unload(module, LEAKING);

    assertSkipped(report, "shutdown hook");
    List<String> path = holder(report).path();
    assertEquals(
        "static field java.lang.ApplicationShutdownHooks.hooks", path.get(0), report.toString());
  }

  /**
   * A flight-recorder listener cannot be found without flags: the check is skipped naming the
   * flag, and the report says what releases the holder.
   */
  @Test
  void aFlightRecorderListenerIsSkippedAndItsReleaseNamed() {
    LoadedModule<Greeter> module = load("recorder-listener");
    module.exports().run("recorder-listener");

    UnloadReport report = unload(module, LEAKING);

    assertSkipped(report, "flight-recorder listener");
    List<String> path = holder(report).path();
    assertEquals(
        "static field jdk.jfr.internal.PlatformRecorder.changeListeners",
        path.get(0),
        report.toString());
    assertTrue(
        report.suspects().stream().anyMatch(s -> s.contains("FlightRecorder.removeListener")),
        report.toString());
  }
}
