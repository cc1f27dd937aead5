package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.Fixtures.RecordingLog;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch works from the builder's settings as they were when it was called: a live module's
 * reloads, on its watcher's thread, never see what the host tells the builder afterwards.
 */
class BuilderSnapshotTest {
  @TempDir Path dir;

  private static TestModules logging(String version) {
    return TestModules.greeter("log.info(\"" + version + "\"); return \"" + version + "\";", "");
  }

  @Test
  void aLiveModuleReloadsWithTheSettingsOfItsWatch() throws Exception {
    Path classes = logging("v1").compileTo(dir.resolve("classes"));
    RecordingLog atWatch = new RecordingLog();
    RecordingLog later = new RecordingLog();
    try (Relib relib = Relib.create()) {
      ModuleBuilder<Greeter> builder =
          relib.module(Greeter.class).provide(HostLog.class, atWatch).name("snapshot");
      LiveModule<Greeter> live = builder.watch(classes, Duration.ofMillis(50));
      assertEquals("v1", live.exports().run("x"));

      // Told after the watch: a reload must not see any of it.
      builder.provide(HostLog.class, later).name("renamed").maxEntrySize(1);
      TestModules.copyTree(logging("v2").compileTo(dir.resolve("next")), classes);
      Fixtures.await(
          "the rebuilt version serving",
          Duration.ofSeconds(30),
          () -> "v2".equals(live.exports().run("x")));

      assertEquals(List.of("v1", "v2"), atWatch.messages.stream().distinct().toList());
      assertTrue(later.messages.isEmpty(), later.messages.toString());
      live.close();
    }
  }

  @Test
  void aLoadAfterTheWatchSeesTheNewSettings() throws Exception {
    Path jar = logging("v1").jarTo(dir.resolve("m.jar"));
    RecordingLog first = new RecordingLog();
    RecordingLog second = new RecordingLog();
    try (Relib relib = Relib.create()) {
      ModuleBuilder<Greeter> builder = relib.module(Greeter.class).provide(HostLog.class, first);
      LoadedModule<Greeter> a = builder.load(jar);
      builder.provide(HostLog.class, second);
      LoadedModule<Greeter> b = builder.load(jar);

      a.exports().run("x");
      b.exports().run("x");

      assertEquals(List.of("v1"), first.messages);
      assertEquals(List.of("v1"), second.messages);
      a.unload();
      b.unload();
    }
  }
}
