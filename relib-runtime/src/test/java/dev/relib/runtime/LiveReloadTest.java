package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.Fixtures.RecordingLog;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveReloadTest {
  @TempDir Path dir;

  /** A module whose {@code run} answers with its version. */
  private static TestModules version(int version) {
    return TestModules.greeter("return \"v" + version + "\";", "");
  }

  @Test
  void aChangeOnDiskIsServedByTheSameObject() throws Exception {
    Path classes = dir.resolve("classes");
    TestModules.greeter("return \"one\";", "").compileTo(classes);
    BlockingQueue<ReloadEvent> events = new LinkedBlockingQueue<>();
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib.module(Greeter.class).provide(HostLog.class, new RecordingLog()).watch(classes);
      live.onEvent(events::add);
      Greeter greeter = live.exports();
      assertEquals("one", greeter.run("x"));

      Path next = dir.resolve("next");
      TestModules.greeter("return \"two\";", "").compileTo(next);
      TestModules.copyTree(next, classes);

      // The files arrive one by one: on a loaded machine a reload may catch them half-written,
      // fail or load a mix, and the rest of the files bring another reload. What must hold: the
      // events come in order for each version, and the new code ends up serving.
      ReloadEvent.Unloaded firstUnloaded = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (firstUnloaded == null || !"two".equals(greeter.run("x"))) {
        ReloadEvent event = next(events);
        assertTrue(System.nanoTime() < deadline, "the new version did not serve within 30 s");
        if (event instanceof ReloadEvent.Started started) {
          assertTrue(started.version() >= 2, started.toString());
        } else if (event instanceof ReloadEvent.Unloaded unloaded && unloaded.version() == 1) {
          firstUnloaded = unloaded;
        }
      }
      assertEquals(
          UnloadReport.Collection.COLLECTED,
          firstUnloaded.report().collection(),
          firstUnloaded.report().toString());

      UnloadReport last = live.unload();
      assertEquals(UnloadReport.Collection.COLLECTED, last.collection(), last.toString());
      assertThrows(ModuleUnloadedException.class, () -> greeter.run("x"));
    }
  }

  @Test
  void aVersionThatDoesNotLoadLeavesTheOldOneServing() throws Exception {
    Path jar = dir.resolve("module.jar");
    TestModules.greeter("return \"good\";", "").jarTo(jar);
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib.module(Greeter.class).provide(HostLog.class, new RecordingLog()).watch(jar);
      Greeter greeter = live.exports();

      Files.write(jar, new byte[] {'P', 'K', 3, 4, 'h', 'a', 'l', 'f'}); // a half-written jar
      ReloadEvent.Failed failed = assertInstanceOf(ReloadEvent.Failed.class, live.reload());
      assertEquals(LoadException.Reason.MALFORMED, failed.cause().reason());
      assertEquals("good", greeter.run("x"));

      // A module whose constructor throws (an instance initializer runs in every constructor).
      TestModules.greeter(
              "return command;",
              "{ if (System.nanoTime() != 0) throw new IllegalStateException(\"no config\"); }")
          .jarTo(jar);
      failed = assertInstanceOf(ReloadEvent.Failed.class, live.reload());
      assertEquals(LoadException.Reason.CONSTRUCTOR_THREW, failed.cause().reason());
      assertEquals("good", greeter.run("x"));
      assertEquals(1, live.version());
      live.close();
    }
  }

  /**
   * Many threads call in a loop while the module is replaced hundreds of times: every call answers,
   * from the old version or the new one; none fails.
   */
  @Test
  void noCallFailsAcrossHundredsOfReloads() throws Exception {
    Path v1 = version(1).jarTo(dir.resolve("v1.jar"));
    Path v2 = version(2).jarTo(dir.resolve("v2.jar"));
    Path jar = dir.resolve("module.jar");
    Files.copy(v1, jar);
    int reloads = 200;
    int callers = 4;
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib.module(Greeter.class).provide(HostLog.class, new RecordingLog()).watch(jar);
      List<ReloadEvent.Unloaded> unloaded = new ArrayList<>();
      live.onEvent(
          event -> {
            if (event instanceof ReloadEvent.Unloaded u) {
              synchronized (unloaded) {
                unloaded.add(u);
              }
            }
          });
      Greeter greeter = live.exports();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Set<String> answers = ConcurrentHashMap.newKeySet();
      long[] counts = new long[callers];
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        int index = i;
        Thread thread =
            new Thread(
                () -> {
                  while (running.get() && failure.get() == null) {
                    try {
                      answers.add(greeter.run("x"));
                      counts[index]++;
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  }
                },
                "caller-" + i);
        threads.add(thread);
        thread.start();
      }
      for (int i = 0; i < reloads && failure.get() == null; i++) {
        Path next = i % 2 == 0 ? v2 : v1;
        Files.copy(next, jar, StandardCopyOption.REPLACE_EXISTING);
        assertInstanceOf(ReloadEvent.Reloaded.class, live.reload());
      }
      running.set(false);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
      if (failure.get() != null) {
        throw new AssertionError("a call failed during the reloads", failure.get());
      }
      assertEquals(Set.of("v1", "v2"), answers);
      long total = 0;
      for (long count : counts) {
        assertTrue(count > 0, "every caller made calls");
        total += count;
      }
      live.close();
      synchronized (unloaded) {
        long collected =
            unloaded.stream()
                .filter(u -> u.report().collection() == UnloadReport.Collection.COLLECTED)
                .count();
        System.out.printf(
            "%d reloads, %d calls from %d threads, 0 failed; %d old versions"
                + " unloaded, %d proven collected%n",
            reloads, total, callers, unloaded.size(), collected);
        assertTrue(unloaded.size() >= reloads - 1, "old versions unloaded: " + unloaded.size());
      }
    }
  }

  /**
   * What Maven's compiler does to a watched classes directory on a change: the stale output goes
   * (stub marker and classes), javac runs for a while, the new output comes. The pause is longer
   * than the quiet period, so the watcher sees the empty directory go quiet; no Failed event may
   * come of it, and the version that serves next is the rebuilt one, numbered 2.
   */
  @Test
  void aBuildThatDeletesItsOutputPausesAndWritesItBackRaisesNoFailure() throws Exception {
    Path classes = dir.resolve("classes");
    version(1).compileTo(classes);
    Path two = dir.resolve("two");
    version(2).compileTo(two);
    BlockingQueue<ReloadEvent> events = new LinkedBlockingQueue<>();
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib.module(Greeter.class).provide(HostLog.class, new RecordingLog()).watch(classes);
      live.onEvent(events::add);
      Greeter greeter = live.exports();

      deleteContents(classes);
      Fixtures.sleep(700); // the compiler at work: the scenario, not a synchronisation
      assertEquals("v1", greeter.run("x"), "the old version serves through the build");
      TestModules.copyTree(two, classes);

      List<ReloadEvent> seen = new ArrayList<>();
      ReloadEvent event;
      do {
        event = next(events);
        seen.add(event);
        assertTrue(!(event instanceof ReloadEvent.Failed), "a build's pause failed: " + seen);
      } while (!(event instanceof ReloadEvent.Reloaded));
      assertEquals("v2", greeter.run("x"));
      assertEquals(2, live.version(), seen.toString());
      ReloadEvent.Reloaded reloaded = (ReloadEvent.Reloaded) event;
      assertEquals(live.loaderName(), reloaded.loader());
      assertTrue(reloaded.toString().contains("loader " + live.loaderName()), reloaded.toString());
      assertEquals(
          List.of(ReloadEvent.Started.class, ReloadEvent.Reloaded.class),
          seen.stream().map(Object::getClass).toList(),
          seen.toString());
      live.close();
    }
  }

  /**
   * Twenty Maven-shaped rebuilds in a row, each deleting the output with its package directories
   * and writing it back after a pause: the watcher follows every one, and each is served.
   */
  @Test
  void twentyRebuildsThatDeleteTheirPackageDirectoriesAreEachServed() throws Exception {
    Path classes = dir.resolve("classes");
    version(0).compileTo(classes);
    List<Path> builds = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      builds.add(version(i).compileTo(dir.resolve("build-" + i)));
    }
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib.module(Greeter.class).provide(HostLog.class, new RecordingLog()).watch(classes);
      Greeter greeter = live.exports();
      for (int rebuild = 0; rebuild < 20; rebuild++) {
        int next = rebuild % 2 + 1;
        deleteContents(classes);
        Fixtures.sleep(80); // longer than the quiet period: the empty directory goes quiet
        TestModules.copyTree(builds.get(next - 1), classes);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!("v" + next).equals(greeter.run("x"))) {
          assertTrue(System.nanoTime() < deadline, "rebuild " + rebuild + " did not serve in 20 s");
          Fixtures.sleep(10);
        }
      }
      live.close();
    }
  }

  /**
   * A build that stays half-done (its stub marker deleted and never written back) is reported
   * once the build grace has passed, as the attempt the change started; the old version serves.
   */
  @Test
  void aBuildThatStaysHalfDoneFailsOnceItsGraceHasPassed() throws Exception {
    Path classes = dir.resolve("classes");
    version(1).compileTo(classes);
    BlockingQueue<ReloadEvent> events = new LinkedBlockingQueue<>();
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib
              .module(Greeter.class)
              .provide(HostLog.class, new RecordingLog())
              .watch(classes, LiveModule.DEFAULT_QUIET_PERIOD, Duration.ofMillis(300));
      live.onEvent(events::add);

      deleteTree(classes.resolve("META-INF"));

      ReloadEvent.Started started = assertInstanceOf(ReloadEvent.Started.class, next(events));
      ReloadEvent.Failed failed = assertInstanceOf(ReloadEvent.Failed.class, next(events));
      assertEquals(started.version(), failed.version());
      assertEquals(LoadException.Reason.NO_STUB, failed.cause().reason());
      assertEquals("v1", live.exports().run("x"));
      assertEquals(1, live.version());
      live.close();
    }
  }

  /** A library jar whose {@code shout.Shout.loud} ends the text with {@code end}. */
  private Path shout(String end, Path jar) {
    return TestModules.module()
        .withoutProcessor()
        .source(
            "shout.Shout",
            "package shout; public final class Shout { public static String loud(String t) {"
                + " return t.toUpperCase() + \"" + end + "\"; } }")
        .jarTo(jar);
  }

  /**
   * A module's library jars are watched as its own files are: rewriting one, given to {@code
   * libraries(...)} or named by the jar's manifest {@code Class-Path}, reloads the module.
   */
  @Test
  void rewritingALibraryJarReloadsTheModule() throws Exception {
    Path libraryDir = Files.createDirectories(dir.resolve("target/lib"));
    Path library = shout("!", libraryDir.resolve("shout.jar"));
    Path jar =
        TestModules.greeter("return shout.Shout.loud(command);", "")
            .classPath(library)
            .resource(
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\nClass-Path: lib/shout.jar\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .jarTo(dir.resolve("target/greeter.jar"));
    Path other = shout("?", dir.resolve("other/other.jar"));
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> viaManifest =
          relib.module(Greeter.class).provide(HostLog.class, new RecordingLog()).watch(jar);
      Path alone = Files.copy(jar, Files.createDirectories(dir.resolve("alone")).resolve("g.jar"));
      LiveModule<Greeter> viaLibraries =
          relib
              .module(Greeter.class)
              .provide(HostLog.class, new RecordingLog())
              .libraries(other)
              .watch(alone);
      assertEquals("HI!", viaManifest.exports().run("hi"));
      assertEquals("HI?", viaLibraries.exports().run("hi"));

      replace(shout("!!", dir.resolve("build/shout.jar")), library);
      replace(shout("??", dir.resolve("build/other.jar")), other);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!"HI!!".equals(viaManifest.exports().run("hi"))
          || !"HI??".equals(viaLibraries.exports().run("hi"))) {
        assertTrue(System.nanoTime() < deadline, "the rewritten libraries did not serve in 30 s");
        Fixtures.sleep(20);
      }
      viaManifest.close();
      viaLibraries.close();
    }
  }

  private static void replace(Path built, Path target) throws IOException {
    Files.move(
        built, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteContents(Path root) throws IOException {
    try (Stream<Path> walk = Files.list(root)) {
      for (Path path : walk.toList()) {
        deleteTree(path);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static ReloadEvent next(BlockingQueue<ReloadEvent> events) throws InterruptedException {
    ReloadEvent event = events.poll(30, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no event within 30 s");
    }
    return event;
  }
}
