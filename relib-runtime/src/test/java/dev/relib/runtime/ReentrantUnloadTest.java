package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host import, called by the module, that unloads that very module: the unload runs on a thread
 * inside the module's code, and must refuse rather than close the loader under the running call.
 */
class ReentrantUnloadTest {
  private static final String RUN =
      """
      if (command.equals("thread")) {
        Thread thread = new Thread(() -> log.info("unload"), "module-worker");
        thread.start();
        thread.join();
        return "joined";
      }
      log.info(command);
      return "returned";
      """;

  @TempDir Path dir;
  private final Relib relib = Relib.create();

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  /** A host import that, on any message, runs the action and keeps what it threw. */
  private static final class UnloadingLog implements HostLog {
    volatile Supplier<Object> action;
    final AtomicReference<Throwable> thrown = new AtomicReference<>();
    final CompletableFuture<Void> called = new CompletableFuture<>();

    @Override
    public void info(String message) {
      try {
        action.get();
      } catch (Throwable e) {
        thrown.set(e);
      } finally {
        called.complete(null);
      }
    }
  }

  private LoadedModule<Greeter> load(UnloadingLog log) {
    return relib
        .module(Greeter.class)
        .name("selfish")
        .provide(HostLog.class, log)
        .load(TestModules.greeter(RUN, "").jarTo(dir.resolve("selfish.jar")));
  }

  @Test
  void anUnloadFromAHostImportTheModuleCalledIsRefusedAndTheModuleKeepsWorking() {
    UnloadingLog log = new UnloadingLog();
    LoadedModule<Greeter> module = load(log);
    log.action = module::unload;

    assertEquals("returned", module.exports().run("unload"));

    ReentrantUnloadException e = assertInstanceOf(ReentrantUnloadException.class, log.thrown.get());
    assertEquals("selfish", e.moduleName());
    assertTrue(e.getMessage().startsWith("unload of module 'selfish' refused"), e.getMessage());
    assertTrue(e.getMessage().contains("is inside a call of the module"), e.getMessage());
    assertTrue(
        e.getMessage().contains("at m.GreeterModule.run(GreeterModule.java:"), e.getMessage());
    assertEquals(LoadedModule.State.LOADED, module.state());
    assertEquals("Hello, Ada", module.exports().greet("Ada"));

    log.action = () -> null;
    UnloadReport report = module.unload();
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  @Test
  void anUnloadOnAThreadTheModuleStartedIsRefused() throws Exception {
    UnloadingLog log = new UnloadingLog();
    LoadedModule<Greeter> module = load(log);
    log.action = module::unload;

    assertEquals("joined", module.exports().run("thread"));
    log.called.get(30, TimeUnit.SECONDS);

    ReentrantUnloadException e = assertInstanceOf(ReentrantUnloadException.class, log.thrown.get());
    assertTrue(
        e.getMessage().contains("thread \"module-worker\" runs the module's code"),
        e.getMessage());
    assertEquals(LoadedModule.State.LOADED, module.state());
    assertEquals(Collection.COLLECTED, module.unload().collection());
  }

  @Test
  void closingTheRuntimeOrALiveModuleFromInsideIsRefusedToo() {
    UnloadingLog log = new UnloadingLog();
    LoadedModule<Greeter> module = load(log);
    log.action =
        () -> {
          relib.close();
          return null;
        };

    assertEquals("returned", module.exports().run("close"));

    ReentrantUnloadException e = assertInstanceOf(ReentrantUnloadException.class, log.thrown.get());
    assertTrue(e.getMessage().startsWith("close of the runtime"), e.getMessage());
    assertEquals(LoadedModule.State.LOADED, module.state());
    assertEquals(Collection.COLLECTED, module.unload().collection());

    UnloadingLog liveLog = new UnloadingLog();
    LiveModule<Greeter> live =
        relib
            .module(Greeter.class)
            .name("live")
            .provide(HostLog.class, liveLog)
            .watch(TestModules.greeter(RUN, "").compileTo(dir.resolve("live")));
    liveLog.action = live::unload;

    assertEquals("returned", live.exports().run("unload"));

    ReentrantUnloadException refused =
        assertInstanceOf(ReentrantUnloadException.class, liveLog.thrown.get());
    assertTrue(refused.getMessage().startsWith("unload of the live module"), refused.getMessage());
    assertEquals("Hello, Ada", live.exports().greet("Ada"));
    liveLog.action = () -> null;
    assertEquals(Collection.COLLECTED, live.unload().collection());
  }
}
