package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.jdk.Internals;
import dev.relib.runtime.internal.leaks.PoolWorkers;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
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
  /** The executors the idle-pool module hands the host, for the host to shut them down. */
  static final List<Object> POOLS = new CopyOnWriteArrayList<>();

  /** Runs one task on a pool made by the module's own ThreadFactory, then leaves the pool idle. */
  static final String IDLE_POOL =
      """
      POOL.submit(() -> log.info("task ran")).get();
      pools().add(POOL);
      return "idle";
      """;

  static final String IDLE_POOL_MEMBERS =
      """
      static final class WorkerFactory implements java.util.concurrent.ThreadFactory {
        @Override
        public Thread newThread(Runnable task) {
          Thread worker = new Thread(task, "module-factory-worker");
          worker.setDaemon(true);
          return worker;
        }
      }

      static final java.util.concurrent.ExecutorService POOL =
          java.util.concurrent.Executors.newFixedThreadPool(1, new WorkerFactory());

      @SuppressWarnings("unchecked")
      static java.util.List<Object> pools() throws ReflectiveOperationException {
        java.lang.reflect.Field field = ClassLoader.getSystemClassLoader()
            .loadClass("dev.relib.runtime.FaultsThreadsTest").getDeclaredField("POOLS");
        field.setAccessible(true);
        return (java.util.List<Object>) field.get(null);
      }
      """;

  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final Fixtures.RecordingLog log = new Fixtures.RecordingLog();
  private static final UnloadOptions SHORT_WAIT =
      UnloadOptions.defaults().withThreadWait(Duration.ofMillis(50));

  @AfterEach
  void closeRuntime() {
    shutDownIdlePools();
    relib.close();
  }

  static void shutDownIdlePools() {
    for (Object pool : POOLS) {
      ((ExecutorService) pool).shutdown();
    }
    POOLS.clear();
  }

  private LoadedModule<Greeter> load(TestModules module, String name) {
    return relib
        .module(Greeter.class)
        .provide(HostLog.class, log)
        .load(module.jarTo(dir.resolve(name + ".jar")));
  }

  /**
   * Loads with the context class loader switch forced on, so that a thread started in a call
   * inherits the module's loader as its context loader, which the test then watches.
   */
  private LoadedModule<Greeter> loadSwitching(TestModules module, String name) {
    return relib
        .module(Greeter.class)
        .provide(HostLog.class, log)
        .switchContextClassLoader(true)
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
                "new Thread("
                    + loopUntil(stop)
                    + ", \"module-worker\").start(); return \"started\";",
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
        loadSwitching(
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
      assertTrue(report.collectionNote().contains("stopped after 1 GC(s)"), report.toString());
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
                // Returns once the task runs, so the unload finds the worker inside module code.
                """
java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
Runnable loop = %s;
POOL.submit(() -> { running.countDown(); loop.run(); });
try {
  running.await();
} catch (InterruptedException e) {
  throw new IllegalStateException(e);
}
return "submitted";
"""
                    .formatted(loopUntil(stop)),
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
  void anIdleExecutorWithTheModulesThreadFactoryIsNamedAndTheLoaderGoesOnceItIsShutDown()
      throws Exception {
    LoadedModule<Greeter> module =
        loadSwitching(TestModules.greeter(IDLE_POOL, IDLE_POOL_MEMBERS), "idle-factory-pool");
    assertEquals("idle", module.exports().run("x"));
    // Only the pool's worker holds the module from here.
    POOLS.clear();
    Thread worker = Fixtures.thread("module-factory-worker");
    WeakReference<ClassLoader> loader = new WeakReference<>(worker.getContextClassLoader());

    UnloadReport report =
        module.unload(SHORT_WAIT.withCollectionTimeout(Duration.ofMillis(300)).withHeapDump(false));

    System.out.println(report);
    assertTrue(report.completed(), report.toString());
    assertTrue(report.threads().isEmpty(), "an idle worker runs no module code");
    assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
    Leak executor =
        report.leaks(Leak.Outcome.REPORTED).stream()
            .filter(leak -> leak.kind().equals("executor"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(report.toString()));
    assertEquals("thread \"module-factory-worker\"", executor.where());
    assertEquals(
        "an idle pool worker: its executor's ThreadFactory is the module's class"
            + " m.GreeterModule$WorkerFactory, which keeps the module's loader until the executor"
            + " is shut down; shut it down in @BeforeUnload",
        executor.detail());
    assertTrue(
        report.suspects().stream().anyMatch(suspect -> suspect.startsWith("executor (thread")),
        report.toString());

    // The executor the report names is the one that holds the module.
    ((ThreadPoolExecutor) PoolWorkers.executorOf(Internals.runnableOf(worker))).shutdown();
    worker.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(worker.isAlive(), "the worker ends once its executor is shut down");
    worker = null;
    assertTrue(Fixtures.collected(loader, Duration.ofSeconds(10)), "collected once shut down");
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
