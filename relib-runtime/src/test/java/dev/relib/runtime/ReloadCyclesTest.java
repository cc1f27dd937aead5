package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadCyclesTest {
  private static final int WARM_UP = 50;
  private static final int CYCLES = 1_000;

  @TempDir Path dir;

  @Test
  void everyLoaderIsCollectedAndMetaspaceStaysFlatOverAThousandCycles() {
    Path jar = TestModules.greeter().jarTo(dir.resolve("cycled.jar"));
    try (Relib relib = Relib.create()) {
      ModuleBuilder<Greeter> builder =
          relib.module(Greeter.class).provide(HostLog.class, message -> {});
      for (int i = 0; i < WARM_UP; i++) {
        cycle(builder, jar, i);
      }
      Fixtures.usedHeapAfterGc();
      long metaspaceBefore = metaspaceUsed();
      int classesBefore = loadedClasses();
      long start = System.nanoTime();

      for (int i = 0; i < CYCLES; i++) {
        cycle(builder, jar, i);
      }

      long millis = (System.nanoTime() - start) / 1_000_000;
      Fixtures.usedHeapAfterGc();
      long metaspaceAfter = metaspaceUsed();
      int classesAfter = loadedClasses();
      System.out.printf(
          Locale.ROOT,
          "%d load-call-unload cycles in %d ms (%.2f ms each); metaspace %d -> %d KB,"
              + " loaded classes %d -> %d%n",
          CYCLES,
          millis,
          millis / (double) CYCLES,
          metaspaceBefore / 1024,
          metaspaceAfter / 1024,
          classesBefore,
          classesAfter);
      // A leaked loader per cycle would add ~4 KB of metaspace and a few classes each time.
      assertTrue(
          classesAfter - classesBefore < 100, classesBefore + " -> " + classesAfter + " classes");
      assertTrue(
          metaspaceAfter - metaspaceBefore < 2L * 1024 * 1024,
          metaspaceBefore + " -> " + metaspaceAfter + " bytes of metaspace");
    }
  }

  private static void cycle(ModuleBuilder<Greeter> builder, Path jar, int i) {
    LoadedModule<Greeter> module = builder.load(jar);
    assertEquals("Hello, " + i, module.exports().greet(String.valueOf(i)));
    UnloadReport report = module.unload();
    assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
  }

  private static long metaspaceUsed() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Metaspace")) {
        return pool.getUsage().getUsed();
      }
    }
    throw new AssertionError("no Metaspace memory pool");
  }

  private static int loadedClasses() {
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    return classes.getLoadedClassCount();
  }
}
