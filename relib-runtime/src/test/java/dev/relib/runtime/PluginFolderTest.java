package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.Fixtures.RecordingLog;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder of plugins: what it holds is loaded, what is added is loaded, what is removed is
 * unloaded with its report, and a plugin that fails is reported and tried again once its file
 * changes, while the others keep serving.
 */
class PluginFolderTest {
  @TempDir Path dir;

  private static TestModules answering(String answer) {
    return TestModules.greeter("return \"" + answer + "\";", "");
  }

  /** Writes a plugin jar beside the folder and moves it in, as a copy tool finishing does. */
  private Path addJar(Path folder, String name, String answer) throws Exception {
    Path built = answering(answer).jarTo(dir.resolve("build-" + name));
    return Files.move(
        built,
        folder.resolve(name),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void pluginsComeAndGoWithTheirFilesAndAFailingOneStopsNoOther() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("plugins"));
    addJar(folder, "alpha.jar", "a");
    Files.move(answering("b").compileTo(dir.resolve("build-beta")), folder.resolve("beta"));
    Files.writeString(folder.resolve("README.txt"), "not a plugin");
    BlockingQueue<ReloadEvent> events = new LinkedBlockingQueue<>();
    try (Relib relib = Relib.create()) {
      PluginFolder<Greeter> plugins =
          relib
              .module(Greeter.class)
              .provide(HostLog.class, new RecordingLog())
              .watchFolder(folder, LiveModule.DEFAULT_QUIET_PERIOD, Duration.ofMillis(300));
      plugins.onEvent(events::add);

      assertEquals(Set.of("alpha", "beta"), plugins.exports().keySet());
      assertEquals("a", plugins.exports().get("alpha").run("x"));
      assertEquals("b", plugins.exports().get("beta").run("x"));

      // A broken jar: reported once its grace has passed, and the others serve on.
      Files.write(folder.resolve("gamma.jar"), new byte[] {'P', 'K', 3, 4, 'x'});
      ReloadEvent.Failed failed = next(events, ReloadEvent.Failed.class, "gamma");
      assertEquals(LoadException.Reason.MALFORMED, failed.cause().reason());
      assertEquals(List.of(folder.resolve("gamma.jar")), plugins.waiting());
      assertEquals("a", plugins.exports().get("alpha").run("x"));

      // Fixed: tried again, and loaded.
      addJar(folder, "gamma.jar", "g");
      next(events, ReloadEvent.Reloaded.class, "gamma");
      assertEquals("g", plugins.exports().get("gamma").run("x"));
      assertEquals(List.of(), plugins.waiting());

      // Removed: unloaded, with its report.
      Greeter alpha = plugins.exports().get("alpha");
      Files.delete(folder.resolve("alpha.jar"));
      ReloadEvent.Unloaded unloaded = next(events, ReloadEvent.Unloaded.class, "alpha");
      assertEquals(
          UnloadReport.Collection.COLLECTED,
          unloaded.report().collection(),
          unloaded.report().toString());
      assertEquals(Set.of("beta", "gamma"), plugins.exports().keySet());
      assertThrows(ModuleUnloadedException.class, () -> alpha.run("x"));

      // A plugin of the folder still reloads as a live module does.
      addJar(folder, "gamma.jar", "g2");
      Fixtures.await(
          "gamma's new version serving",
          Duration.ofSeconds(30),
          () -> "g2".equals(plugins.exports().get("gamma").run("x")));

      plugins.close();
      assertEquals(Set.of(), plugins.exports().keySet());
      Set<String> closedWith = new java.util.HashSet<>();
      for (ReloadEvent event = events.poll(); event != null; event = events.poll()) {
        if (event instanceof ReloadEvent.Unloaded u && u.version() >= 1) {
          closedWith.add(u.module());
        }
      }
      assertTrue(closedWith.containsAll(Set.of("beta", "gamma")), closedWith.toString());
    }
  }

  /**
   * A directory plugin whose constructor throws: reported once, listed as waiting, and tried again
   * when its own files change (a change inside it, not in the folder), then loaded.
   */
  @Test
  void aPluginThatFailsIsRetriedWhenItsOwnFilesChange() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("plugins"));
    Path broken =
        TestModules.greeter(
                "return \"never\";",
                "{ if (System.nanoTime() != 0) throw new IllegalStateException(\"no config\"); }")
            .compileTo(dir.resolve("build-broken"));
    Files.move(broken, folder.resolve("delta"));
    BlockingQueue<ReloadEvent> events = new LinkedBlockingQueue<>();
    try (Relib relib = Relib.create()) {
      PluginFolder<Greeter> plugins =
          relib
              .module(Greeter.class)
              .provide(HostLog.class, new RecordingLog())
              .watchFolder(folder, LiveModule.DEFAULT_QUIET_PERIOD, Duration.ofMillis(300));
      plugins.onEvent(events::add);
      assertEquals(List.of(folder.resolve("delta")), plugins.waiting());
      assertEquals(Set.of(), plugins.exports().keySet());

      TestModules.copyTree(
          answering("d").compileTo(dir.resolve("build-fixed")), folder.resolve("delta"));

      next(events, ReloadEvent.Reloaded.class, "delta");
      assertEquals("d", plugins.exports().get("delta").run("x"));
      assertEquals(List.of(), plugins.waiting());
      plugins.close();
    }
  }

  @Test
  void aFolderThatIsNotADirectoryIsRefused() throws Exception {
    try (Relib relib = Relib.create()) {
      LoadException e =
          assertThrows(
              LoadException.class,
              () -> relib.module(Greeter.class).watchFolder(dir.resolve("absent")));
      assertEquals(LoadException.Reason.NOT_FOUND, e.reason());
      IllegalStateException named =
          assertThrows(
              IllegalStateException.class,
              () -> relib.module(Greeter.class).name("x").watchFolder(dir));
      assertTrue(named.getMessage().contains("named after its file"), named.getMessage());
    }
  }

  /** The next event of this type for this plugin, skipping others. */
  private static <E extends ReloadEvent> E next(
      BlockingQueue<ReloadEvent> events, Class<E> type, String module) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      ReloadEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no " + type.getSimpleName() + " of " + module + " in 30 s");
      }
      if (type.isInstance(event) && event.module().equals(module)) {
        return type.cast(event);
      }
    }
  }
}
