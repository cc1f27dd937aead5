package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.Fixtures.RecordingLog;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watched live module whose files are rewritten far faster than it reloads. */
class FaultsReloadStormTest {
  @TempDir Path dir;

  private Path version(String answer) {
    return TestModules.greeter("return \"" + answer + "\";", "")
        .compileTo(dir.resolve("build-" + answer));
  }

  @Test
  void fiftyRewritesInASecondNeverFailACallAndEndOnTheLastVersion() throws Exception {
    List<Path> versions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      versions.add(version("v" + i));
    }
    Path last = version("last");
    Set<String> valid = Set.of("v0", "v1", "v2", "v3", "last");
    Path classes = dir.resolve("classes");
    TestModules.copyTree(versions.get(0), classes);
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib.module(Greeter.class).provide(HostLog.class, new RecordingLog()).watch(classes);
      Greeter greeter = live.exports();
      assertEquals("v0", greeter.run("x"));
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Set<String> answers = ConcurrentHashMap.newKeySet();
      Thread caller =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    answers.add(greeter.run("x"));
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    return;
                  }
                }
              },
              "storm-caller");
      caller.start();
      try {
        long start = System.nanoTime();
        for (int i = 1; i < 50; i++) {
          TestModules.copyTree(versions.get(i % versions.size()), classes);
          Fixtures.sleep(15);
        }
        TestModules.copyTree(last, classes);
        long writing = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("50 rewrites in " + writing + " ms, version " + live.version());

        Fixtures.await(
            "the last version written serving",
            Duration.ofSeconds(30),
            () -> "last".equals(greeter.run("x")));
      } finally {
        running.set(false);
        caller.join(TimeUnit.SECONDS.toMillis(30));
      }
      if (failure.get() != null) {
        throw new AssertionError("a call failed during the storm", failure.get());
      }
      assertTrue(valid.containsAll(answers), answers.toString());
      assertTrue(live.version() >= 2, "reloaded at least once: " + live.version());
      live.close();
    }
  }

  @Test
  void aBuildThatDeletesTheDirectoryOrItsParentAndWritesItAgainIsFollowed() throws Exception {
    Path classes = dir.resolve("project/target/classes");
    TestModules.copyTree(version("one"), classes);
    Path two = version("two");
    Path three = version("three");
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib.module(Greeter.class).provide(HostLog.class, new RecordingLog()).watch(classes);
      Greeter greeter = live.exports();
      assertEquals("one", greeter.run("x"));

      // A build that deletes its output directory, then a clean build that deletes its parent.
      deleteTree(classes);
      rewrittenAndServed(classes, two, "two", "one", greeter);
      deleteTree(dir.resolve("project/target"));
      rewrittenAndServed(classes, three, "three", "two", greeter);
      live.close();
    }
  }

  private static void rewrittenAndServed(
      Path classes, Path build, String expected, String before, Greeter greeter) throws Exception {
    Fixtures.sleep(100);
    assertEquals(before, greeter.run("x"), "the deleted version keeps serving");
    TestModules.copyTree(build, classes);
    Fixtures.await(
        "the directory written again serving",
        Duration.ofSeconds(20),
        () -> expected.equals(greeter.run("x")));
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
