package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.UnloadReport.Step;
import dev.relib.runtime.internal.threads.CallDrain;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.net.Authenticator;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnloadTest {
  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final Fixtures.RecordingLog log = new Fixtures.RecordingLog();

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

  /** Loads with the context class loader switch forced on: threads started in calls inherit it. */
  private LoadedModule<Greeter> loadSwitching(TestModules module, String name) {
    return relib
        .module(Greeter.class)
        .provide(HostLog.class, log)
        .switchContextClassLoader(true)
        .load(module.jarTo(dir.resolve(name + ".jar")));
  }

  @Test
  void runsEveryStepInOrderAndProvesCollection() {
    String property = "relib.test.before-unload";
    LoadedModule<Greeter> module =
        load(
            TestModules.greeter(
                "return command;",
                "@BeforeUnload void close() { System.setProperty(\""
                    + property
                    + "\", \"closed\"); log.info(\"closing\"); }"),
            "greeter");
    Greeter greeter = module.exports();
    assertEquals("Hello, Ada", greeter.greet("Ada"));

    UnloadReport report = module.unload();

    System.out.println(report);
    assertEquals("closed", System.clearProperty(property));
    assertTrue(report.completed());
    assertEquals(
        List.of(Step.values()),
        report.steps().stream().map(UnloadReport.StepResult::step).toList());
    // Only the host's bridge is revoked first: @BeforeUnload still reaches the host's import.
    assertEquals("1 bridge(s) revoked", report.steps().get(0).summary());
    assertEquals("ran", report.steps().get(2).summary());
    assertEquals(List.of("greeting Ada", "closing"), log.messages);
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    assertTrue(report.threads().isEmpty());
    assertEquals(LoadedModule.State.UNLOADED, module.state());
    assertTrue(
        report.toString().startsWith("Unload of module 'greeter' (loader relib:greeter#"),
        report.toString());
    assertTrue(report.toString().contains("class loader collected"), report.toString());
    assertTrue(report.toString().contains("7. collection proof"), report.toString());
    ModuleUnloadedException e =
        assertThrows(ModuleUnloadedException.class, () -> greeter.greet("Bo"));
    assertEquals("greeter", e.moduleName());
    assertSame(report, module.unload(), "unloading again returns the same report");
  }

  @Test
  void reportsABeforeUnloadThatThrowsAndStillUnloads() {
    LoadedModule<Greeter> module =
        load(
            TestModules.greeter(
                "return command;",
                "@BeforeUnload void close() { throw new IllegalStateException(\"cannot flush\");"
                    + " }"),
            "failing-close");

    UnloadReport report = module.unload();

    assertTrue(report.steps().get(2).summary().contains("cannot flush"), report.toString());
    assertTrue(
        report.notes().stream().anyMatch(note -> note.contains("@BeforeUnload threw")),
        report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  @Test
  void aHangingBeforeUnloadIsReportedAndItsThreadNamed() {
    String release = "relib.test.release-before-unload";
    LoadedModule<Greeter> module =
        load(
            TestModules.greeter(
                "return command;",
                """
                @BeforeUnload
                void close() {
                  while (System.getProperty("%s") == null) {
                    pause(5);
                  }
                }
                """
                    .formatted(release)),
            "hanging");
    try {
      UnloadReport report =
          module.unload(
              UnloadOptions.defaults()
                  .withBeforeUnloadTimeout(Duration.ofMillis(100))
                  .withThreadWait(Duration.ofMillis(50))
                  .withProceedWithRunningThreads(true)
                  .withCollectionTimeout(Duration.ofMillis(300)));

      assertTrue(report.completed(), report.toString());
      assertTrue(
          report.steps().get(2).summary().startsWith("still running after 100 ms"),
          report.toString());
      assertEquals("relib-before-unload:hanging", report.threads().get(0).name());
      assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
      assertTrue(
          report.suspects().get(0).startsWith("thread \"relib-before-unload:hanging\""),
          report.toString());
    } finally {
      System.setProperty(release, "now");
    }
    Thread hanging = Fixtures.thread("relib-before-unload:hanging");
    if (hanging != null) {
      assertTrue(joined(hanging), "@BeforeUnload ends once released");
    }
    System.clearProperty(release);
  }

  private static boolean joined(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  @Test
  void aThreadLeftRunningFailsTheUnloadUntilItEnds() throws Exception {
    String stop = "relib.test.stop-worker";
    LoadedModule<Greeter> module =
        load(
            TestModules.greeter(
                """
                Thread worker = new Thread(() -> {
                  while (System.getProperty("%s") == null) {
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }, "leaky-worker");
                worker.setDaemon(true);
                worker.start();
                return "started";
                """
                    .formatted(stop),
                ""),
            "leaky");
    assertEquals("started", module.exports().run("start"));
    UnloadOptions options = UnloadOptions.defaults().withThreadWait(Duration.ofMillis(50));

    UnloadException e = assertThrows(UnloadException.class, () -> module.unload(options));

    UnloadReport stopped = e.report();
    assertFalse(stopped.completed());
    assertEquals(LoadedModule.State.UNLOAD_FAILED, module.state());
    assertEquals(1, stopped.threads().size(), stopped.toString());
    UnloadReport.ModuleThread thread = stopped.threads().get(0);
    assertEquals("leaky-worker", thread.name());
    assertTrue(
        thread.topFrames().get(0).startsWith("m.GreeterModule.lambda$run$"), thread.toString());
    assertTrue(e.getMessage().contains("1 thread(s) still run module code"), e.getMessage());
    assertTrue(stopped.toString().contains("\"leaky-worker\""), stopped.toString());
    assertThrows(ModuleUnloadedException.class, () -> module.exports().greet("Ada"));

    System.setProperty(stop, "now");
    try {
      Thread worker = Fixtures.thread("leaky-worker");
      if (worker != null) {
        worker.join(TimeUnit.SECONDS.toMillis(10));
      }
      worker = null;

      UnloadReport report = module.unload(options);

      assertTrue(report.completed(), report.toString());
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
      assertTrue(report.notes().get(0).startsWith("resumed"), report.toString());
      assertEquals(Step.STOP_CALLS, report.steps().get(0).step());
    } finally {
      System.clearProperty(stop);
    }
  }

  @Test
  void aVirtualThreadLeftRunningIsNamedOnJdk21() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    String stop = "relib.test.stop-virtual";
    LoadedModule<Greeter> module =
        load(
            TestModules.greeter(
                """
                Thread.ofVirtual().name("module-virtual").start(() -> {
                  while (System.getProperty("%s") == null) {
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
                return "started";
                """
                    .formatted(stop),
                ""),
            "virtual");
    assertEquals("started", module.exports().run("start"));
    UnloadOptions options = UnloadOptions.defaults().withThreadWait(Duration.ofMillis(50));
    try {
      UnloadException e = assertThrows(UnloadException.class, () -> module.unload(options));

      UnloadReport stopped = e.report();
      System.out.println(stopped);
      assertEquals(1, stopped.threads().size(), stopped.toString());
      UnloadReport.ModuleThread thread = stopped.threads().get(0);
      assertEquals("module-virtual", thread.name(), stopped.toString());
      assertEquals("is a virtual thread running module code", thread.why());
      assertTrue(
          thread.topFrames().get(0).startsWith("m.GreeterModule.lambda$run$"), thread.toString());
      assertTrue(
          stopped.steps().get(3).summary().endsWith("1 of them virtual"), stopped.toString());
    } finally {
      System.setProperty(stop, "now");
    }
    try {
      UnloadReport report = null;
      for (int attempt = 0; attempt < 100 && report == null; attempt++) {
        try {
          report = module.unload(options);
        } catch (UnloadException stillRunning) {
          Fixtures.sleep(20);
        }
      }
      assertNotNull(report, "the virtual thread ends once told to");
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    } finally {
      System.clearProperty(stop);
    }
  }

  /**
   * A pool thread of the host's is inside module code when the drain takes its stack snapshot and
   * leaves it before the proof: the snapshot's frames name the module's classes, so the runtime
   * must not keep them reachable while it proves collection.
   */
  @Test
  void aPoolThreadInModuleCodeAtTheDrainDoesNotHoldTheLoaderThroughTheProof() {
    Path jar =
        TestModules.greeter(
                """
                java.util.concurrent.CountDownLatch started =
                    new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
                  started.countDown();
                  busy(Integer.parseInt(command));
                });
                started.await();
                return "started";
                """,
                """
                static void busy(int millis) {
                  try {
                    Thread.sleep(millis);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                """)
            .jarTo(dir.resolve("pool-at-drain.jar"));
    ModuleBuilder<Greeter> builder = relib.module(Greeter.class).provide(HostLog.class, log);
    for (int cycle = 0; cycle < 20; cycle++) {
      LoadedModule<Greeter> module = builder.load(jar);
      assertEquals("started", module.exports().run("150"));

      UnloadReport report = module.unload();

      assertEquals(Collection.COLLECTED, report.collection(), "cycle " + cycle + ":\n" + report);
      assertTrue(report.threads().isEmpty(), report.toString());
    }
  }

  /** A module call that logs "entered", then runs until the host sets {@link #RELEASE}. */
  private static final String GATED_CALL =
      """
      log.info("entered");
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (System.getProperty("relib.test.release-call") == null
          && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      log.info("leaving");
      return "finished";
      """;

  private static final String RELEASE = "relib.test.release-call";

  /**
   * Unloads on a thread of its own, once the module's call has logged "entered"; lets the call go
   * once the drain has seen it in flight (it pauses between looks only then), and returns the
   * report.
   */
  private UnloadReport unloadWhileTheCallRuns(LoadedModule<Greeter> module) throws Exception {
    awaitMessage("entered");
    CompletableFuture<UnloadReport> unloaded = new CompletableFuture<>();
    Thread unloading =
        new Thread(
            () -> {
              try {
                unloaded.complete(module.unload());
              } catch (Throwable e) {
                unloaded.completeExceptionally(e);
              }
            },
            "unloading");
    try {
      unloading.start();
      Fixtures.awaitInside(unloading, CallDrain.class, "pause");
    } finally {
      System.setProperty(RELEASE, "now");
    }
    try {
      return unloaded.get(30, TimeUnit.SECONDS);
    } finally {
      System.clearProperty(RELEASE);
    }
  }

  @Test
  void drainWaitsForACallInFlight() throws Exception {
    LoadedModule<Greeter> module = load(TestModules.greeter(GATED_CALL, ""), "slow");
    CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> module.exports().run("x"));

    UnloadReport report = unloadWhileTheCallRuns(module);

    // Without the wait, the revoked import would fail the call when it logs "leaving".
    assertEquals("finished", call.get(5, TimeUnit.SECONDS));
    assertTrue(report.steps().get(1).summary().startsWith("calls drained"), report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  @Test
  void drainWaitsForACallInFlightOnAVirtualThreadOnJdk21() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    LoadedModule<Greeter> module = load(TestModules.greeter(GATED_CALL, ""), "slow-virtual");
    // The tests compile for 17: the virtual-thread executor is looked up.
    ExecutorService virtual =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      CompletableFuture<String> call =
          CompletableFuture.supplyAsync(() -> module.exports().run("x"), virtual);

      UnloadReport report = unloadWhileTheCallRuns(module);

      System.out.println(report);
      assertEquals("finished", call.get(5, TimeUnit.SECONDS));
      String drain = report.steps().get(1).summary();
      assertTrue(drain.startsWith("calls drained after"), report.toString());
      assertTrue(drain.endsWith("(virtual threads included)"), report.toString());
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    } finally {
      virtual.shutdownNow();
    }
  }

  @Test
  void aCallThatDoesNotDrainFailsTheUnloadNamingItsThread() throws Exception {
    LoadedModule<Greeter> module = load(TestModules.greeter(GATED_CALL, ""), "stuck");
    CountDownLatch named = new CountDownLatch(1);
    CompletableFuture<String> call = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              named.countDown();
              call.complete(module.exports().run("x"));
            },
            "long-caller");
    caller.start();
    awaitMessage("entered");

    UnloadException e;
    try {
      e =
          assertThrows(
              UnloadException.class,
              () ->
                  module.unload(UnloadOptions.defaults().withDrainTimeout(Duration.ofMillis(50))));
    } finally {
      System.setProperty(RELEASE, "now");
    }
    try {
      assertEquals("long-caller", e.report().threads().get(0).name(), e.report().toString());
      assertEquals("inside a call of the module", e.report().threads().get(0).why());
      assertEquals("finished", call.get(30, TimeUnit.SECONDS));
      caller.join(TimeUnit.SECONDS.toMillis(30));
    } finally {
      System.clearProperty(RELEASE);
    }
    UnloadReport report = module.unload();
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  @Test
  void concurrentCallsDuringUnloadCompleteOrFailFast() throws Exception {
    LoadedModule<Greeter> module =
        relib
            .module(Greeter.class)
            .provide(HostLog.class, message -> {})
            .load(TestModules.greeter().jarTo(dir.resolve("busy.jar")));
    Greeter greeter = module.exports();
    AtomicInteger completed = new AtomicInteger();
    Set<Throwable> unexpected = ConcurrentHashMap.newKeySet();
    Set<String> endedByUnload = ConcurrentHashMap.newKeySet();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      boolean sleeper = i % 2 == 0;
      Thread caller =
          new Thread(
              () -> {
                while (true) {
                  try {
                    if (sleeper) {
                      greeter.pause(2);
                    } else {
                      greeter.greet("Ada");
                    }
                    completed.incrementAndGet();
                  } catch (ModuleUnloadedException e) {
                    endedByUnload.add(Thread.currentThread().getName());
                    return;
                  } catch (Throwable e) {
                    unexpected.add(e);
                    return;
                  }
                }
              },
              "caller-" + i);
      callers.add(caller);
      caller.start();
    }
    Fixtures.await("200 calls completed", Duration.ofSeconds(30), () -> completed.get() >= 200);

    UnloadReport report = module.unload();

    for (Thread caller : callers) {
      caller.join(TimeUnit.SECONDS.toMillis(10));
      assertFalse(caller.isAlive(), caller.getName() + " hangs");
    }
    assertEquals(Set.of(), unexpected);
    assertEquals(6, endedByUnload.size());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  @Test
  void callsToAnotherModuleOfTheSameApiDoNotHoldTheDrain() throws Exception {
    Path jar = TestModules.greeter().jarTo(dir.resolve("same-api.jar"));
    ModuleBuilder<Greeter> builder =
        relib.module(Greeter.class).provide(HostLog.class, message -> {});
    LoadedModule<Greeter> old = builder.load(jar);
    Greeter current = builder.load(jar).exports();
    AtomicInteger calls = new AtomicInteger();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread caller =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  // Copying the list keeps the thread in the bridge, as if passing its guard.
                  current.names(10_000);
                  calls.incrementAndGet();
                }
              },
              "hammer-" + i);
      caller.start();
      callers.add(caller);
    }
    try {
      Fixtures.await("100 calls made", Duration.ofSeconds(30), () -> calls.get() >= 100);

      UnloadReport report =
          old.unload(UnloadOptions.defaults().withDrainTimeout(Duration.ofSeconds(3)));

      assertTrue(report.timeOf(Step.DRAIN).toMillis() < 1_000, report.toString());
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    } finally {
      for (Thread caller : callers) {
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(caller.isAlive(), caller.getName() + " did not stop");
      }
    }
  }

  @Test
  void theProofCanCompleteAfterUnloadReturns() throws Exception {
    LoadedModule<Greeter> module = load(TestModules.greeter(), "later");

    UnloadReport report = module.unload(UnloadOptions.defaults().withAwaitCollection(false));

    assertEquals(Collection.PENDING, report.collection(), report.toString());
    assertTrue(report.toString().contains("collection pending"), report.toString());
    assertEquals(LoadedModule.State.UNLOADED, module.state());
    UnloadReport proven = module.collectionProof().toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertEquals(Collection.COLLECTED, proven.collection(), proven.toString());
    assertEquals(Step.COLLECTION, proven.steps().get(proven.steps().size() - 1).step());
    assertSame(proven, module.unload());
  }

  @Test
  void clearsWhatTheModuleLeftInJdkRegistries() throws Exception {
    Authenticator authenticatorBefore = Authenticator.getDefault();
    ProxySelector selectorBefore = ProxySelector.getDefault();
    LoadedModule<Greeter> module = load(TestModules.greeter(LEAKS, LEAK_CLASSES), "leaky");
    assertEquals("leaked", module.exports().run("leak"));
    assertNotNull(Security.getProvider("relib-test"));

    UnloadReport report = module.unload();

    System.out.println(report);
    Set<String> cleared =
        report.leaks(Leak.Outcome.CLEARED).stream().map(Leak::kind).collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "thread-local",
            "timer",
            "shutdown hook",
            "context class loader",
            "JDBC driver",
            "MBean",
            "logging",
            "process-wide default",
            "security provider"),
        cleared,
        report.toString());
    assertEquals(List.of(), report.leaks(Leak.Outcome.FAILED), report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    assertSame(authenticatorBefore, Authenticator.getDefault());
    assertSame(selectorBefore, ProxySelector.getDefault());
    assertNull(Security.getProvider("relib-test"));
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      assertFalse(handler.getClass().getName().startsWith("m."), handler.toString());
    }
  }

  private static final TestModules IDLE_EXECUTOR =
      TestModules.greeter(
          """
          EXECUTOR.submit(() -> log.info("task ran")).get();
          return "submitted";
          """,
          """
          static final java.util.concurrent.ExecutorService EXECUTOR =
              java.util.concurrent.Executors.newSingleThreadExecutor();
          """);

  /**
   * The worker, started in a call that switched the context class loader, inherits the module's
   * loader as its context loader; the unload resets it.
   */
  @Test
  void anIdleExecutorTheModuleLeftDoesNotHoldItOnceItsContextLoaderIsReset() {
    LoadedModule<Greeter> module = loadSwitching(IDLE_EXECUTOR, "pool");
    assertEquals("submitted", module.exports().run("x"));

    UnloadReport report = module.unload();

    assertTrue(report.threads().isEmpty(), "an idle worker runs no module code");
    assertTrue(
        report.leaks(Leak.Outcome.CLEARED).stream()
            .anyMatch(leak -> leak.kind().equals("context class loader")),
        report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /**
   * The same module loaded with the defaults reads no context class loader, so its calls do not
   * switch it: the worker inherits the host's, and there is nothing to reset.
   */
  @Test
  void anIdleExecutorOfAModuleThatDoesNotSwitchNeverHeldItsLoader() {
    LoadedModule<Greeter> module = load(IDLE_EXECUTOR, "pool-default");
    assertFalse(module.contextLoaderSwitch().on(), module.contextLoaderSwitch().toString());
    assertEquals("submitted", module.exports().run("x"));

    UnloadReport report = module.unload();

    assertTrue(report.threads().isEmpty(), "an idle worker runs no module code");
    assertTrue(
        report.leaks(Leak.Outcome.CLEARED).stream()
            .noneMatch(leak -> leak.kind().equals("context class loader")),
        report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  private void awaitMessage(String message) {
    Fixtures.await(
        "the module logging " + message,
        Duration.ofSeconds(10),
        () -> log.messages.contains(message));
  }

  private static final String LEAKS =
      """
      LOCAL.set(java.util.List.of(new Payload()));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}, "module-hook"));
      java.util.logging.Logger.getLogger("").addHandler(new QuietHandler());
      new java.util.Timer("module-timer", true).schedule(new java.util.TimerTask() {
        public void run() {}
      }, 3_600_000);
      java.net.Authenticator.setDefault(new java.net.Authenticator() {});
      java.net.ProxySelector.setDefault(new NoProxy());
      java.security.Security.addProvider(new TestProvider());
      java.sql.DriverManager.registerDriver(new FakeDriver());
      java.lang.management.ManagementFactory.getPlatformMBeanServer()
          .registerMBean(new Probe(), new javax.management.ObjectName("relib.test:type=Probe"));
      return "leaked";
      """;

  private static final String LEAK_CLASSES =
      """
      static final ThreadLocal<Object> LOCAL = new ThreadLocal<>();

      static final class Payload {}

      static final class QuietHandler extends java.util.logging.Handler {
        public void publish(java.util.logging.LogRecord record) {}
        public void flush() {}
        public void close() {}
      }

      static final class NoProxy extends java.net.ProxySelector {
        public java.util.List<java.net.Proxy> select(java.net.URI uri) {
          return java.util.List.of(java.net.Proxy.NO_PROXY);
        }
        public void connectFailed(
            java.net.URI uri, java.net.SocketAddress address, java.io.IOException e) {}
      }

      static final class TestProvider extends java.security.Provider {
        TestProvider() {
          super("relib-test", "1.0", "a provider of a test module");
        }
      }

      static final class FakeDriver implements java.sql.Driver {
        public java.sql.Connection connect(String url, java.util.Properties info) { return null; }
        public boolean acceptsURL(String url) { return false; }
        public java.sql.DriverPropertyInfo[] getPropertyInfo(
            String url, java.util.Properties info) {
          return new java.sql.DriverPropertyInfo[0];
        }
        public int getMajorVersion() { return 1; }
        public int getMinorVersion() { return 0; }
        public boolean jdbcCompliant() { return false; }
        public java.util.logging.Logger getParentLogger() { return null; }
      }

      public interface ProbeMBean {
        int getValue();
      }

      public static final class Probe implements ProbeMBean {
        public int getValue() { return 42; }
      }
      """;
}
