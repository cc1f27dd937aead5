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
      StringBuilder steps = new StringBuilder("mean unload step times:");
      for (UnloadReport.Step step : UnloadReport.Step.values()) {
        steps.append(
            String.format(
                Locale.ROOT,
                " %s %.2f ms;",
                step.title(),
                stepNanos[step.ordinal()] / 1e6 / (WARM_UP + CYCLES)));
      }
      System.out.println(steps);
      // A leaked loader per cycle would add ~4 KB of metaspace and a few classes each time.
      assertTrue(
          classesAfter - classesBefore < 100, classesBefore + " -> " + classesAfter + " classes");
      assertTrue(
          metaspaceAfter - metaspaceBefore < 2L * 1024 * 1024,
          metaspaceBefore + " -> " + metaspaceAfter + " bytes of metaspace");
    }
  }

  private final long[] stepNanos = new long[UnloadReport.Step.values().length];

  private void cycle(ModuleBuilder<Greeter> builder, Path jar, int i) {
    LoadedModule<Greeter> module = builder.load(jar);
    assertEquals("Hello, " + i, module.exports().greet(String.valueOf(i)));
    UnloadReport report = module.unload();
    assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
    for (UnloadReport.StepResult step : report.steps()) {
      stepNanos[step.step().ordinal()] += step.duration().toNanos();
    }
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
