package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs in a JVM started without any --add-opens (the surefire execution "without-add-opens"). */
@Tag("no-add-opens")
class WithoutAddOpensTest {
  @TempDir Path dir;

  @AfterEach
  void shutDownPools() {
    FaultsThreadsTest.shutDownIdlePools();
  }

  @Test
  void unloadsAndNamesEachSkippedCheckWithItsFlag() {
    assertTrue(
        !Thread.class.getModule().isOpen("java.lang", WithoutAddOpensTest.class.getModule()),
        "this test must run without --add-opens java.base/java.lang");
    Path jar =
        TestModules.greeter(HeapTest.FILL, HeapTest.GRAPH_MEMBERS).jarTo(dir.resolve("tl.jar"));
    try (Relib relib = Relib.create()) {
      LoadedModule<Greeter> module =
          relib.module(Greeter.class).provide(HostLog.class, message -> {}).load(jar);
      module.exports().run("1000");

      UnloadReport report =
          module.unload(UnloadOptions.defaults().withCollectionTimeout(Duration.ofSeconds(1)));

      System.out.println(report);
      assertTrue(report.completed());
      List<Leak> skipped = report.skippedChecks();
      Leak threadLocals =
          skipped.stream().filter(leak -> leak.kind().equals("thread-local")).findFirst().get();
      assertEquals("needs --add-opens java.base/java.lang=ALL-UNNAMED", threadLocals.detail());
      assertTrue(
          skipped.stream().anyMatch(leak -> leak.kind().equals("shutdown hook")),
          report.toString());
      // The thread-local it could not clear still holds the module: the report says so.
      assertEquals(UnloadReport.Collection.NOT_COLLECTED, report.collection(), report.toString());
      assertTrue(
          report.suspects().stream().anyMatch(s -> s.startsWith("thread-local (every thread)")),
          report.toString());
      assertTrue(
          report.toString().contains("--add-opens java.base/java.lang=ALL-UNNAMED"),
          report.toString());
    }
  }

  @Test
  void anIdlePoolWorkerTheModuleStartedIsReportedWithTheFlagsThatWouldNameItsFactory() {
    Path jar =
        TestModules.greeter(FaultsThreadsTest.IDLE_POOL, FaultsThreadsTest.IDLE_POOL_MEMBERS)
            .jarTo(dir.resolve("idle-pool.jar"));
    try (Relib relib = Relib.create()) {
      // Without the flags the worker is known as the module's by its context class loader, which
      // it inherits from a call that switched it.
      LoadedModule<Greeter> module =
          relib
              .module(Greeter.class)
              .provide(HostLog.class, message -> {})
              .switchContextClassLoader(true)
              .load(jar);
      assertEquals("idle", module.exports().run("x"));

      UnloadReport report =
          module.unload(
              UnloadOptions.defaults()
                  .withThreadWait(Duration.ofMillis(50))
                  .withCollectionTimeout(Duration.ZERO));

      System.out.println(report);
      Leak executor =
          report.skippedChecks().stream()
              .filter(leak -> leak.kind().equals("executor"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(report.toString()));
      assertEquals("thread \"module-factory-worker\"", executor.where());
      assertTrue(executor.detail().startsWith("an idle pool worker started from module code"));
      assertTrue(
          executor
              .detail()
              .endsWith(
                  "needs --add-opens java.base/java.lang=ALL-UNNAMED"
                      + " --add-opens java.base/java.util.concurrent=ALL-UNNAMED"),
          executor.detail());
    }
  }
}
