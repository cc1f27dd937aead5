package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle calls racing each other: a runtime closed while a module loads, a live module closed
 * while a reload hangs in the new version's constructor, an unload interrupted while the module's
 * {@code @BeforeUnload} runs. Each race is set up by handshakes with the module (a host import
 * that waits on a latch), never by sleeping.
 */
class FaultsLifecycleRacesTest {
  private static final long BOUND_SECONDS = 30;

  private static final String MODULE =
      """
      package m;

      import dev.relib.BeforeUnload;
      import dev.relib.Module;
      import dev.relib.runtime.testapi.Greeter;
      import dev.relib.runtime.testapi.HostLog;

      @Module
      public final class GateModule implements Greeter {
        private final HostLog log;

        public GateModule(HostLog log) {
          this.log = log;
          log.info("constructing");
        }

        @Override
        public String greet(String name) {
          return "Hello, " + name;
        }

        @Override
        public String run(String command) {
          return command;
        }

        @Override
        public int pause(int millis) {
          return millis;
        }

        @Override
        public java.util.List<String> names(int count) {
          return java.util.List.of();
        }

        @BeforeUnload
        void bye() {
          log.info("before unload");
        }
      }
      """;

  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final GateLog log = new GateLog();

  @AfterEach
  void closeRuntime() {
    log.release.countDown();
    relib.close();
  }

  /** A host import that can hold the module in its constructor or its @BeforeUnload. */
  private static final class GateLog implements HostLog {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger constructions = new AtomicInteger();
    volatile int holdConstruction = -1;
    volatile boolean holdBeforeUnload;
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void info(String message) {
      messages.add(message);
      boolean hold =
          message.equals("constructing")
              ? constructions.incrementAndGet() == holdConstruction
              : message.equals("before unload") && holdBeforeUnload;
      if (hold) {
        held.countDown();
        try {
          release.await(BOUND_SECONDS * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    long count(String message) {
      return messages.stream().filter(message::equals).count();
    }
  }

  private Path jar() {
    return TestModules.module().source("m.GateModule", MODULE).jarTo(dir.resolve("gate.jar"));
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(BOUND_SECONDS, TimeUnit.SECONDS), "the module did not get there");
  }

  @Test
  void aLoadThatReturnsWhileTheRuntimeClosesIsUndoneAndLaterLoadsAreRefused() throws Exception {
    Relib closing = Relib.create();
    Path jar = jar();
    ModuleBuilder<Greeter> builder =
        closing.module(Greeter.class).name("racing").provide(HostLog.class, log);
    log.holdConstruction = 1;
    CompletableFuture<LoadedModule<Greeter>> load = new CompletableFuture<>();
    Thread loading =
        new Thread(
            () -> {
              try {
                load.complete(builder.load(jar));
              } catch (Throwable e) {
                load.completeExceptionally(e);
              }
            },
            "racing-load");
    loading.start();
    await(log.held);

    closing.close(); // while the module's constructor runs
    log.release.countDown();

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> load.get(BOUND_SECONDS, TimeUnit.SECONDS));
    IllegalStateException refused = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(refused.getMessage().contains("this Relib is closed"), refused.getMessage());
    assertEquals(1, log.count("before unload"), "the module loaded during close was unloaded");

    IllegalStateException later =
        assertThrows(IllegalStateException.class, () -> builder.load(jar));
    assertTrue(later.getMessage().contains("this Relib is closed"), later.getMessage());
    assertThrows(IllegalStateException.class, () -> builder.watch(jar));
    assertEquals(1, log.constructions.get(), "nothing was constructed after close");
  }

  @Test
  void closingALiveModuleWhileAReloadHangsInTheConstructorReturnsAndUnloadsTheOldVersion()
      throws Exception {
    Path classes = TestModules.module().source("m.GateModule", MODULE).compileTo(dir.resolve("c"));
    LiveModule<Greeter> live =
        relib
            .module(Greeter.class)
            .name("live")
            .provide(HostLog.class, log)
            .watch(classes, Duration.ofDays(1));
    Greeter exports = live.exports();
    assertEquals("Hello, Ada", exports.greet("Ada"));
    log.holdConstruction = 2;
    CompletableFuture<ReloadEvent> reload = new CompletableFuture<>();
    Thread reloading =
        new Thread(
            () -> {
              try {
                reload.complete(live.reload());
              } catch (Throwable e) {
                reload.completeExceptionally(e);
              }
            },
            "hanging-reload");
    reloading.start();
    await(log.held);

    CompletableFuture<Void> close = CompletableFuture.runAsync(live::close);
    close.get(BOUND_SECONDS, TimeUnit.SECONDS); // on a hang: TimeoutException

    assertEquals(1, log.count("before unload"), "the old version was unloaded");
    assertThrows(ModuleUnloadedException.class, () -> exports.greet("Ada"));
    assertEquals(1, live.version());

    log.release.countDown();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> reload.get(BOUND_SECONDS, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(2, log.count("before unload"), "the version loaded after close was unloaded");
    assertThrows(ModuleUnloadedException.class, () -> exports.greet("Ada"));
  }

  @Test
  void anUnloadInterruptedDuringBeforeUnloadReportsTheTimeItWaited() throws Exception {
    LoadedModule<Greeter> module =
        relib.module(Greeter.class).name("slow").provide(HostLog.class, log).load(jar());
    log.holdBeforeUnload = true;
    AtomicReference<UnloadReport> report = new AtomicReference<>();
    Thread unloading =
        new Thread(
            () ->
                report.set(
                    module.unload(
                        UnloadOptions.defaults()
                            .withBeforeUnloadTimeout(Duration.ofMinutes(10))
                            .withProceedWithRunningThreads(true)
                            .withCollectionTimeout(Duration.ofMillis(200)))),
            "interrupted-unload");
    long start = System.nanoTime();
    unloading.start();
    await(log.held);

    unloading.interrupt();
    unloading.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
    long waitedAtMost = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    log.release.countDown();

    assertNotNull(report.get(), "the interrupted unload returned");
    String step = report.get().steps().get(2).summary();
    Matcher matcher =
        Pattern.compile(
                "still running when the unload was interrupted after (\\d+) ms \\(of the 600000 ms"
                    + " allowed\\), left on thread \"relib-before-unload:slow\"")
            .matcher(step);
    assertTrue(matcher.matches(), report.get().toString());
    assertTrue(Long.parseLong(matcher.group(1)) <= waitedAtMost, step);
    Thread beforeUnload = Fixtures.thread("relib-before-unload:slow");
    if (beforeUnload != null) {
      beforeUnload.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
    }
  }
}
