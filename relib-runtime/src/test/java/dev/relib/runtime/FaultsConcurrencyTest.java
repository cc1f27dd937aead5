package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads, calls and unloads from many threads at once. */
class FaultsConcurrencyTest {
  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final Fixtures.RecordingLog log = new Fixtures.RecordingLog();

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  private static final UnloadOptions LATER_PROOF =
      UnloadOptions.defaults().withAwaitCollection(false);

  @Test
  void theSameModuleLoadedFromAHundredThreadsGetsALoaderEachAndAllAreCollected()
      throws Exception {
    Path jar = TestModules.greeter().jarTo(dir.resolve("same.jar"));
    int threads = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<LoadedModule<Greeter>>> loads = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        loads.add(
            pool.submit(
                () -> {
                  start.await();
                  LoadedModule<Greeter> module =
                      relib.module(Greeter.class).provide(HostLog.class, log).load(jar);
                  assertEquals("Hello, " + index, module.exports().greet("" + index));
                  return module;
                }));
      }
      start.countDown();
      List<LoadedModule<Greeter>> modules = new ArrayList<>();
      for (Future<LoadedModule<Greeter>> load : loads) {
        modules.add(load.get(60, TimeUnit.SECONDS));
      }
      Set<String> loaders = new HashSet<>();
      for (LoadedModule<Greeter> module : modules) {
        loaders.add(module.loaderName());
      }
      assertEquals(threads, loaders.size(), "each load has a loader of its own");
      assertEquals(threads, log.messages.size());

      List<Future<UnloadReport>> unloads = new ArrayList<>();
      for (LoadedModule<Greeter> module : modules) {
        unloads.add(pool.submit(() -> module.unload(LATER_PROOF)));
      }
      for (Future<UnloadReport> unload : unloads) {
        assertTrue(unload.get(60, TimeUnit.SECONDS).completed());
      }
      for (LoadedModule<Greeter> module : modules) {
        UnloadReport proven =
            module.collectionProof().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(Collection.COLLECTED, proven.collection(), proven.toString());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals("Hello, after", loadAndGreet(TestModules.greeter().jarTo(dir.resolve("after.jar"))));
  }

  @Test
  void tenDifferentModulesLoadedCalledAndUnloadedConcurrentlyForSeveralRounds() throws Exception {
    int count = 10;
    List<Path> jars = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jars.add(
          TestModules.greeter("return \"module " + i + " ran \" + command;", "")
              .jarTo(dir.resolve("module-" + i + ".jar")));
    }
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      for (int round = 0; round < 3; round++) {
        int currentRound = round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<LoadedModule<Greeter>>> work = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          int index = i;
          work.add(
              pool.submit(
                  () -> {
                    start.await();
                    LoadedModule<Greeter> module =
                        relib
                            .module(Greeter.class)
                            .provide(HostLog.class, log)
                            .load(jars.get(index));
                    for (int call = 0; call < 50; call++) {
                      assertEquals(
                          "module " + index + " ran " + call,
                          module.exports().run("" + call));
                    }
                    assertTrue(module.unload(LATER_PROOF).completed());
                    return module;
                  }));
        }
        start.countDown();
        List<CompletableFuture<UnloadReport>> proofs = new ArrayList<>();
        for (Future<LoadedModule<Greeter>> done : work) {
          proofs.add(done.get(60, TimeUnit.SECONDS).collectionProof().toCompletableFuture());
        }
        for (CompletableFuture<UnloadReport> proof : proofs) {
          UnloadReport report = proof.get(60, TimeUnit.SECONDS);
          assertEquals(
              Collection.COLLECTED, report.collection(), "round " + currentRound + ": " + report);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals("Hello, after", loadAndGreet(jars.get(0)));
  }

  private String loadAndGreet(Path jar) {
    LoadedModule<Greeter> module =
        relib.module(Greeter.class).provide(HostLog.class, log).load(jar);
    String answer = module.exports().greet("after");
    assertEquals(Collection.COLLECTED, module.unload().collection());
    return answer;
  }
}
