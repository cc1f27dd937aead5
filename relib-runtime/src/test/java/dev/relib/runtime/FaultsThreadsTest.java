package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads a module leaves behind. Already covered by UnloadTest: a daemon thread
 * (aThreadLeftRunningFailsTheUnloadUntilItEnds), an idle executor never shut down
 * (anIdleExecutorTheModuleLeftDoesNotHoldItOnceItsContextLoaderIsReset), a Timer and a thread-local
 * on the host's calling thread (clearsWhatTheModuleLeftInJdkRegistries).
 */
class FaultsThreadsTest {
  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final Fixtures.RecordingLog log = new Fixtures.RecordingLog();
  private static final UnloadOptions SHORT_WAIT =
      UnloadOptions.defaults().withThreadWait(Duration.ofMillis(50));

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  private LoadedModule<Greeter> load(TestModules module, String name) {
    return relib
        .module(Greeter.class)
        .provide(HostLog.class, log)
        .load(module.jarTo(dir.resolve(name + ".jar")));
  }

  /** A loop in module code that runs until the system property is set. */
  private static String loopUntil(String property) {
    return """
        () -> {
          while (System.getProperty("%s") == null) {
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              return;
            }
          }
        }"""
        .formatted(property);
  }

  @Test
  void aNonDaemonThreadIsNamedUntilItEndsThenTheModuleIsCollected() throws Exception {
    String stop = "relib.test.stop-non-daemon";
    LoadedModule<Greeter> module =
        load(
            TestModules.greeter(
                "new Thread(" + loopUntil(stop) + ", \"module-worker\").start(); return \"started\";",
                ""),
            "non-daemon");
    assertEquals("started", module.exports().run("x"));
    try {
      UnloadException e = assertThrows(UnloadException.class, () -> module.unload(SHORT_WAIT));
      UnloadReport.ModuleThread thread = e.report().threads().get(0);
      assertEquals("module-worker", thread.name(), e.report().toString());
      assertFalse(thread.daemon());
      assertEquals(LoadedModule.State.UNLOAD_FAILED, module.state());
    } finally {
      System.setProperty(stop, "now");
    }
    try {
      joined("module-worker");
      UnloadReport report = module.unload(SHORT_WAIT);
      assertTrue(report.completed(), report.toString());
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    } finally {
      System.clearProperty(stop);
    }
    assertAnotherModuleWorks();
  }

  @Test
  void aModuleThreadStillRunningEndsTheProofEarlyAndTheLoaderGoesOnceItEnds() throws Exception {
    String stop = "relib.test.stop-proof-holder";
    LoadedModule<Greeter> module =
        load(
            TestModules.greeter(
                "Thread worker = new Thread("
                    + loopUntil(stop)
                    + ", \"proof-holder\");"
                    + " worker.setDaemon(true); worker.start(); return \"started\";",
                ""),
            "proof-holder");
    assertEquals("started", module.exports().run("x"));
    // The thread inherited the module's loader as its context loader from the call.
    WeakReference<ClassLoader> loader =
        new WeakReference<>(Fixtures.thread("proof-holder").getContextClassLoader());
    try {
      UnloadReport report =
          module.unload(
              SHORT_WAIT
                  .withProceedWithRunningThreads(true)
                  .withCollectionTimeout(Duration.ofSeconds(30))
                  .withHeapDump(false));

      System.out.println(report);
      assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
      assertTrue(
          report
              .collectionNote()
              .startsWith("held: thread \"proof-holder\" still runs module code"),
          report.toString());
      // A gross bound: without the early stop the proof runs its whole 30 s.
      assertTrue(report.timeOf(UnloadReport.Step.COLLECTION).toSeconds() < 10, report.toString());
    } finally {
      System.setProperty(stop, "now");
    }
    try {
      joined("proof-holder");
      assertTrue(Fixtures.collected(loader, Duration.ofSeconds(10)), "collected once it ends");
    } finally {
      System.clearProperty(stop);
    }
    assertAnotherModuleWorks();
  }

  @Test
  void aBusyExecutorNeverShutDownIsNamedUntilItsTaskEndsThenTheModuleIsCollected()
      throws Exception {
    String stop = "relib.test.stop-executor-task";
    LoadedModule<Greeter> module =
        load(
            TestModules.greeter(
                "POOL.submit(" + loopUntil(stop) + "); return \"submitted\";",
                """
                static final java.util.concurrent.ExecutorService POOL =
                    java.util.concurrent.Executors.newFixedThreadPool(1);
                """),
            "busy-pool");
    assertEquals("submitted", module.exports().run("x"));
    try {
      UnloadException e = assertThrows(UnloadException.class, () -> module.unload(SHORT_WAIT));
      UnloadReport.ModuleThread worker = e.report().threads().get(0);
      assertTrue(worker.name().startsWith("pool-"), e.report().toString());
      assertFalse(worker.daemon());
      assertTrue(worker.topFrames().get(0).startsWith("m.GreeterModule"), worker.toString());
    } finally {
      System.setProperty(stop, "now");
    }
    try {
      // The task ends; the pool's worker stays, idle, for ever.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      UnloadReport report = null;
      while (report == null) {
        try {
          report = module.unload(SHORT_WAIT);
        } catch (UnloadException stillRunning) {
          assertTrue(System.nanoTime() < deadline, stillRunning.report().toString());
          Fixtures.sleep(20);
        }
      }
      assertTrue(report.threads().isEmpty(), report.toString());
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    } finally {
      System.clearProperty(stop);
    }
    assertAnotherModuleWorks();
  }

  @Test
  void aThreadLocalLeftOnAHostOwnedPoolThreadIsCleared() throws Exception {
    LoadedModule<Greeter> module =
        load(
            TestModules.greeter(
                "LOCAL.set(new Payload()); return \"set on \" + Thread.currentThread().getName();",
                """
                static final ThreadLocal<Object> LOCAL = new ThreadLocal<>();
                static final class Payload {}
                """),
            "pool-local");
    ExecutorService hostPool =
        Executors.newSingleThreadExecutor(task -> new Thread(task, "host-pool"));
    try {
      assertEquals(
          "set on host-pool",
          hostPool.submit(() -> module.exports().run("x")).get(10, TimeUnit.SECONDS));

      UnloadReport report = module.unload();

      assertTrue(
          report.leaks(Leak.Outcome.CLEARED).stream()
              .anyMatch(
                  leak -> leak.kind().equals("thread-local") && leak.where().contains("host-pool")),
          report.toString());
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
      assertEquals("still serving", hostPool.submit(() -> "still serving").get());
    } finally {
      hostPool.shutdownNow();
    }
    assertAnotherModuleWorks();
  }

  private static void joined(String name) throws InterruptedException {
    Thread thread = Fixtures.thread(name);
    if (thread != null) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      assertFalse(thread.isAlive(), name + " ends once signalled");
    }
  }

  private void assertAnotherModuleWorks() {
    LoadedModule<Greeter> other = load(TestModules.greeter(), "other");
    assertEquals("Hello, Ada", other.exports().greet("Ada"));
    assertEquals(Collection.COLLECTED, other.unload().collection());
  }
}
