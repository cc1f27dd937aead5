package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.internal.load.StateCheck;
import dev.relib.runtime.testapi.Tally;
import dev.relib.runtime.testapi.TallyState;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State kept across reloads ({@code KeepsState}): handed over, migrated, refused, never leaked. */
class StateTest {
  @TempDir Path dir;

  /**
   * A tally module of the given version: it counts per name and keeps the last ten names, and hands
   * all of it over as a {@link TallyState}; {@code members} are added to the class.
   */
  private static TestModules tally(int version, String members) {
    return tally(version, "new TallyState(total, perName, new ArrayList<>(recent))", members);
  }

  /** A tally module whose {@code saveState()} returns {@code saved}. */
  private static TestModules tally(int version, String saved, String members) {
    return TestModules.module()
        .source(
            "m.TallyModule",
            """
            package m;

            import dev.relib.KeepsState;
            import dev.relib.MigratesState;
            import dev.relib.Module;
            import dev.relib.runtime.testapi.Tally;
            import dev.relib.runtime.testapi.TallyState;
            import dev.relib.runtime.testapi.TallyStateV2;
            import java.util.ArrayDeque;
            import java.util.ArrayList;
            import java.util.LinkedHashMap;
            import java.util.List;
            import java.util.Map;

            @Module
            public final class TallyModule implements Tally, KeepsState<TallyState> {
              private long total;
              private final Map<String, Long> perName = new LinkedHashMap<>();
              private final ArrayDeque<String> recent = new ArrayDeque<>();

              @Override
              public long add(String name) {
                if (name.startsWith("hold:")) {
                  // held until the system property after the colon is set (a call in flight)
                  long deadline = System.nanoTime() + 30_000_000_000L;
                  while (System.getProperty(name.substring(5)) == null
                      && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                  }
                }
                synchronized (this) {
                  total++;
                  perName.merge(name, 1L, Long::sum);
                  recent.addLast(name);
                  if (recent.size() > 10) {
                    recent.removeFirst();
                  }
                  return total;
                }
              }

              @Override
              public synchronized long total() {
                return total;
              }

              @Override
              public synchronized Map<String, Long> perName() {
                return new LinkedHashMap<>(perName);
              }

              @Override
              public synchronized List<String> recent() {
                return new ArrayList<>(recent);
              }

              @Override
              public int version() {
                return %d;
              }

              @Override
              public synchronized TallyState saveState() {
                return %s;
              }

              @Override
              public synchronized void restoreState(TallyState state) {
                total = state.total();
                perName.putAll(state.perName());
                recent.addAll(state.recent());
              }

              %s
            }
            """
                .formatted(version, saved, members));
  }

  /** A tally of a later shape: it keeps a {@code TallyStateV2}, migrating from a TallyState. */
  private static TestModules tallyV2(boolean migrates) {
    String migration =
        migrates
            ? """
              @MigratesState
              TallyStateV2 upgrade(TallyState old) {
                return new TallyStateV2(old.total(), old.perName(), "TallyState");
              }
              """
            : "";
    return TestModules.module()
        .source(
            "m.TallyModule",
            """
            package m;

            import dev.relib.KeepsState;
            import dev.relib.MigratesState;
            import dev.relib.Module;
            import dev.relib.runtime.testapi.Tally;
            import dev.relib.runtime.testapi.TallyState;
            import dev.relib.runtime.testapi.TallyStateV2;
            import java.util.LinkedHashMap;
            import java.util.List;
            import java.util.Map;

            @Module
            public final class TallyModule implements Tally, KeepsState<TallyStateV2> {
              private long total;
              private final Map<String, Long> perName = new LinkedHashMap<>();
              private String migratedFrom = "";

              public synchronized long add(String name) {
                perName.merge(name, 1L, Long::sum);
                return ++total;
              }

              public synchronized long total() {
                return total;
              }

              public synchronized Map<String, Long> perName() {
                return new LinkedHashMap<>(perName);
              }

              public synchronized List<String> recent() {
                return List.of(migratedFrom);
              }

              public int version() {
                return 3;
              }

              public synchronized TallyStateV2 saveState() {
                return new TallyStateV2(total, perName, migratedFrom);
              }

              public synchronized void restoreState(TallyStateV2 state) {
                total = state.total();
                perName.putAll(state.perName());
                migratedFrom = state.migratedFrom();
              }

              %s
            }
            """
                .formatted(migration));
  }

  /** A tally whose {@code restoreState} throws: it never serves. */
  private static TestModules brokenRestore() {
    return restoring("throw new IllegalStateException(\"cannot take \" + state.total());");
  }

  /** A tally whose {@code restoreState} runs {@code body}, and which serves nothing else. */
  private static TestModules restoring(String body) {
    return TestModules.module()
        .source(
            "m.TallyModule",
            """
            package m;

            @dev.relib.Module
            public final class TallyModule
                implements dev.relib.runtime.testapi.Tally,
                    dev.relib.KeepsState<dev.relib.runtime.testapi.TallyState> {
              public long add(String name) { return 1; }
              public long total() { return 0; }
              public java.util.Map<String, Long> perName() { return java.util.Map.of(); }
              public java.util.List<String> recent() { return java.util.List.of(); }
              public int version() { return 2; }
              public dev.relib.runtime.testapi.TallyState saveState() { return null; }
              public void restoreState(dev.relib.runtime.testapi.TallyState state) {
                %s
              }
            }
            """
                .formatted(body));
  }

  /** A tally that keeps no state at all. */
  private static TestModules stateless() {
    return TestModules.module()
        .source(
            "m.TallyModule",
            """
            package m;

            @dev.relib.Module
            public final class TallyModule implements dev.relib.runtime.testapi.Tally {
              public long add(String name) { return 1; }
              public long total() { return 0; }
              public java.util.Map<String, Long> perName() { return java.util.Map.of(); }
              public java.util.List<String> recent() { return java.util.List.of(); }
              public int version() { return 9; }
            }
            """);
  }

  private static void replace(Path jar, Path with) throws Exception {
    Files.copy(with, jar, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Four threads add in a loop while the module is replaced 200 times: no call fails, no update is
   * lost (the total and every caller's count equal the calls that returned), the last ten names
   * pass too, and every replaced version's loader is collected.
   */
  @Test
  void aCounterAndCollectionsSurviveTwoHundredReloadsUnderCallingThreads() throws Exception {
    Path v1 = tally(1, "").jarTo(dir.resolve("v1.jar"));
    Path v2 = tally(2, "").jarTo(dir.resolve("v2.jar"));
    Path jar = dir.resolve("tally.jar");
    Files.copy(v1, jar);
    int reloads = 200;
    int callers = 4;
    try (Relib relib = Relib.create()) {
      LiveModule<Tally> live = relib.module(Tally.class).watch(jar);
      List<ReloadEvent> events = new ArrayList<>();
      live.onEvent(
          event -> {
            synchronized (events) {
              events.add(event);
            }
          });
      Tally tally = live.exports();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long[] counts = new long[callers];
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        int index = i;
        Thread thread =
            new Thread(
                () -> {
                  while (running.get() && failure.get() == null) {
                    try {
                      tally.add("caller-" + index);
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
        replace(jar, i % 2 == 0 ? v2 : v1);
        ReloadEvent.Reloaded reloaded = assertInstanceOf(ReloadEvent.Reloaded.class, live.reload());
        assertEquals(ReloadEvent.StateOutcome.KEPT, reloaded.state(), reloaded.toString());
      }
      running.set(false);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
      if (failure.get() != null) {
        throw new AssertionError("a call failed during the reloads", failure.get());
      }
      long calls = 0;
      for (int i = 0; i < callers; i++) {
        assertTrue(counts[i] > 0, "caller " + i + " made calls");
        assertEquals(counts[i], tally.perName().get("caller-" + i), "caller-" + i);
        calls += counts[i];
      }
      assertEquals(calls, tally.total());
      assertEquals(10, tally.recent().size());
      assertEquals(1 + reloads % 2, tally.version());
      live.close();
      synchronized (events) {
        List<ReloadEvent.Unloaded> unloaded =
            events.stream()
                .filter(ReloadEvent.Unloaded.class::isInstance)
                .map(ReloadEvent.Unloaded.class::cast)
                .toList();
        assertTrue(unloaded.size() >= reloads + 1, "versions unloaded: " + unloaded.size());
        for (ReloadEvent.Unloaded u : unloaded) {
          assertEquals(
              UnloadReport.Collection.COLLECTED, u.report().collection(), u.report().toString());
        }
        System.out.printf(
            "%d reloads with the state handed over, %d calls from %d threads, none failed or"
                + " lost; %d versions unloaded, all collected%n",
            reloads, calls, callers, unloaded.size());
      }
    }
  }

  @Test
  void aChangedStateTypeIsMigratedWhenTheNewVersionSaysHow() throws Exception {
    Path jar = tally(1, "").jarTo(dir.resolve("tally.jar"));
    Path v3 = tallyV2(true).jarTo(dir.resolve("v3.jar"));
    try (Relib relib = Relib.create()) {
      LiveModule<Tally> live = relib.module(Tally.class).watch(jar);
      Tally tally = live.exports();
      tally.add("a");
      tally.add("b");
      tally.add("a");
      replace(jar, v3);
      ReloadEvent.Reloaded reloaded = assertInstanceOf(ReloadEvent.Reloaded.class, live.reload());
      assertEquals(ReloadEvent.StateOutcome.MIGRATED, reloaded.state());
      assertTrue(reloaded.toString().endsWith(", state migrated"), reloaded.toString());
      assertEquals(3, tally.version());
      assertEquals(3, tally.total());
      assertEquals(Map.of("a", 2L, "b", 1L), tally.perName());
      assertEquals(List.of("TallyState"), tally.recent());
      assertEquals(4, tally.add("c"));
      UnloadReport report = live.unload();
      assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
    }
  }

  /**
   * Without a migration, the reload is refused and the old version keeps serving with its state;
   * with {@link StatePolicy#START_FRESH}, the new version serves from its constructor instead.
   */
  @Test
  void aChangedStateTypeWithoutMigrationKeepsTheOldVersionOrStartsFresh() throws Exception {
    Path jar = tally(1, "").jarTo(dir.resolve("tally.jar"));
    Path v1 = dir.resolve("v1.jar");
    Files.copy(jar, v1);
    Path v3 = tallyV2(false).jarTo(dir.resolve("v3.jar"));
    try (Relib relib = Relib.create()) {
      LiveModule<Tally> live = relib.module(Tally.class).watch(jar);
      Tally tally = live.exports();
      tally.add("a");
      tally.add("a");
      replace(jar, v3);
      ReloadEvent.Failed failed = assertInstanceOf(ReloadEvent.Failed.class, live.reload());
      assertEquals(LoadException.Reason.STATE_REFUSED, failed.cause().reason());
      StateHandOverException refusal =
          assertInstanceOf(StateHandOverException.class, failed.cause().getCause());
      assertEquals(StateHandOverException.Reason.TYPE_CHANGED, refusal.reason());
      assertTrue(
          refusal.getMessage().contains("saves a dev.relib.runtime.testapi.TallyState ("),
          refusal.getMessage());
      assertTrue(
          refusal.getMessage().contains("it keeps dev.relib.runtime.testapi.TallyStateV2"),
          refusal.getMessage());
      assertTrue(
          refusal
              .getMessage()
              .endsWith(
                  "add a @MigratesState method taking TallyState as the old"
                      + " version was built, or choose StatePolicy.START_FRESH"),
          refusal.getMessage());
      assertEquals(1, tally.version());
      assertEquals(3, tally.add("a"));
      live.unload();
    }
    replace(jar, v1);
    try (Relib relib = Relib.create()) {
      LiveModule<Tally> live =
          relib.module(Tally.class).statePolicy(StatePolicy.START_FRESH).watch(jar);
      Tally tally = live.exports();
      tally.add("a");
      replace(jar, v3);
      ReloadEvent.Reloaded reloaded = assertInstanceOf(ReloadEvent.Reloaded.class, live.reload());
      assertEquals(ReloadEvent.StateOutcome.STARTED_FRESH, reloaded.state());
      assertTrue(reloaded.stateNote().contains("nor migrates from"), reloaded.stateNote());
      assertEquals(3, tally.version());
      assertEquals(0, tally.total());
      UnloadReport report = live.unload();
      assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
    }
  }

  @Test
  void aNewVersionThatKeepsNoStateIsRefusedUnlessTheHostStartsFresh() throws Exception {
    Path jar = tally(1, "").jarTo(dir.resolve("tally.jar"));
    Path none = stateless().jarTo(dir.resolve("none.jar"));
    try (Relib relib = Relib.create()) {
      LiveModule<Tally> live = relib.module(Tally.class).watch(jar);
      live.exports().add("a");
      replace(jar, none);
      ReloadEvent.Failed failed = assertInstanceOf(ReloadEvent.Failed.class, live.reload());
      StateHandOverException refusal =
          assertInstanceOf(StateHandOverException.class, failed.cause().getCause());
      assertEquals(StateHandOverException.Reason.NOT_KEPT, refusal.reason());
      assertTrue(refusal.getMessage().contains("TallyState would be lost"), refusal.getMessage());
      assertEquals(1, live.exports().total());
      live.unload();
    }
  }

  /**
   * A call that does not finish within the drain timeout would change the state after it was saved:
   * the hand-over is refused, the old version keeps serving, and the call completes on it and
   * counts. Once it has, the next reload hands the state over with that call in it.
   */
  @Test
  void aCallThatDoesNotDrainRefusesTheHandOverAndCounts() throws Exception {
    String release = "relib.test.state-release";
    Path jar = tally(1, "").jarTo(dir.resolve("tally.jar"));
    Path v2 = tally(2, "").jarTo(dir.resolve("v2.jar"));
    System.clearProperty(release);
    try (Relib relib =
        Relib.builder()
            .unloadOptions(UnloadOptions.defaults().withDrainTimeout(Duration.ofMillis(200)))
            .build()) {
      LiveModule<Tally> live = relib.module(Tally.class).watch(jar);
      Tally tally = live.exports();
      tally.add("a");
      CompletableFuture<Long> held =
          CompletableFuture.supplyAsync(() -> tally.add("hold:" + release));
      Fixtures.await(
          "the held call inside the module",
          Duration.ofSeconds(30),
          () ->
              Thread.getAllStackTraces().values().stream()
                  .flatMap(Arrays::stream)
                  .anyMatch(
                      frame ->
                          frame.getClassName().equals("m.TallyModule")
                              && frame.getMethodName().equals("add")));
      replace(jar, v2);
      ReloadEvent.Failed failed = assertInstanceOf(ReloadEvent.Failed.class, live.reload());
      StateHandOverException refusal =
          assertInstanceOf(StateHandOverException.class, failed.cause().getCause());
      assertEquals(StateHandOverException.Reason.NOT_DRAINED, refusal.reason());
      assertTrue(
          refusal.getMessage().contains("did not finish within 200 ms"), refusal.getMessage());
      assertEquals(1, tally.version());
      System.setProperty(release, "go");
      assertEquals(2, held.get(30, TimeUnit.SECONDS));
      ReloadEvent.Reloaded reloaded = assertInstanceOf(ReloadEvent.Reloaded.class, live.reload());
      assertEquals(ReloadEvent.StateOutcome.KEPT, reloaded.state());
      assertEquals(2, tally.version());
      assertEquals(List.of("a", "hold:" + release), tally.recent());
      live.unload();
    } finally {
      System.clearProperty(release);
    }
  }

  /**
   * A new version whose restore throws never serves, whatever the policy: the old one keeps its
   * state, and the failed version's loader is collected like any other.
   */
  @Test
  void aRestoreThatThrowsLeavesTheOldVersionServingWithItsState() throws Exception {
    Path jar = tally(1, "").jarTo(dir.resolve("tally.jar"));
    Path broken = brokenRestore().jarTo(dir.resolve("broken.jar"));
    try (Relib relib = Relib.create()) {
      LiveModule<Tally> live =
          relib.module(Tally.class).statePolicy(StatePolicy.START_FRESH).watch(jar);
      List<ReloadEvent> events = new ArrayList<>();
      live.onEvent(events::add);
      Tally tally = live.exports();
      tally.add("a");
      tally.add("b");
      replace(jar, broken);
      ReloadEvent.Failed failed = assertInstanceOf(ReloadEvent.Failed.class, live.reload());
      StateHandOverException refusal =
          assertInstanceOf(StateHandOverException.class, failed.cause().getCause());
      assertEquals(StateHandOverException.Reason.RESTORE_FAILED, refusal.reason());
      assertTrue(
          refusal.getMessage().contains("restoreState() of module")
              && refusal.getMessage().contains("java.lang.IllegalStateException: cannot take 2"),
          refusal.getMessage());
      assertEquals(1, tally.version());
      assertEquals(2, tally.total());
      assertEquals(List.of("a", "b"), tally.recent());
      ReloadEvent.Unloaded discarded =
          events.stream()
              .filter(ReloadEvent.Unloaded.class::isInstance)
              .map(ReloadEvent.Unloaded.class::cast)
              .findFirst()
              .orElseThrow();
      assertEquals(2, discarded.version());
      assertEquals(UnloadReport.Collection.COLLECTED, discarded.report().collection());
      assertEquals(3, tally.add("c"));
      live.unload();
    }
  }

  /**
   * The explicit hand-over between two versions the host loaded itself: calls on the old one wait
   * while the state passes, then fail as unloaded, and a caller that moves to the new one loses no
   * update; the old version's loader is collected.
   *
   * <p>The proof of collection runs on past the hand-over ({@code withAwaitCollection(false)}) and
   * is read once the caller has stopped: the caller's loop, compiled by the JIT while it called the
   * old version, may have inlined the old version's classes, and the JVM keeps them while that
   * compiled frame runs (seen about once in 60 runs, every third with
   * -XX:TypeProfileMajorReceiverPercent=1; the loader went as soon as the loop returned). README's
   * guarantee table has the row.
   */
  @Test
  void anExplicitHandOverBetweenTwoLoadedVersionsLosesNoUpdate() throws Exception {
    Path v1 = tally(1, "").jarTo(dir.resolve("v1.jar"));
    Path v2 = tally(2, "").jarTo(dir.resolve("v2.jar"));
    try (Relib relib =
        Relib.builder()
            .unloadOptions(UnloadOptions.defaults().withAwaitCollection(false))
            .build()) {
      LoadedModule<Tally> first = relib.module(Tally.class).load(v1);
      LoadedModule<Tally> second = relib.module(Tally.class).load(v2);
      AtomicReference<Tally> serving = new AtomicReference<>(first.exports());
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong made = new AtomicLong();
      Thread caller =
          new Thread(
              () -> {
                while (running.get()) {
                  Tally tally = serving.get();
                  try {
                    tally.add("x");
                    made.incrementAndGet();
                  } catch (ModuleUnloadedException e) {
                    serving.compareAndSet(tally, second.exports()); // the host moves on
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    return;
                  }
                }
              },
              "caller");
      caller.start();
      Fixtures.await(
          "calls into the first version", Duration.ofSeconds(30), () -> made.get() > 1000);
      UnloadReport report = first.handOverTo(second);
      Fixtures.await(
          "calls into the second version",
          Duration.ofSeconds(30),
          () -> second.exports().total() > made.get() - 1000 && serving.get() == second.exports());
      running.set(false);
      caller.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(caller.isAlive(), "the caller did not stop");
      assertNull(failure.get());
      assertEquals(LoadedModule.State.UNLOADED, first.state());
      assertEquals(UnloadReport.Collection.PENDING, report.collection(), report.toString());
      UnloadReport proven = first.collectionProof().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertEquals(UnloadReport.Collection.COLLECTED, proven.collection(), proven.toString());
      assertEquals(made.get(), second.exports().total());
      assertEquals(made.get(), second.exports().perName().get("x"));
      second.unload();
    }
  }

  /**
   * When the state cannot pass (refused from the stubs, or found failing while it passes), the
   * explicit hand-over leaves the old version serving with its state; a version keeping no state
   * has none to hand over.
   */
  @Test
  void anExplicitHandOverThatFailsLeavesTheOldVersionServing() throws Exception {
    Path v1 = tally(1, "").jarTo(dir.resolve("v1.jar"));
    Path v3 = tallyV2(false).jarTo(dir.resolve("v3.jar"));
    Path broken = brokenRestore().jarTo(dir.resolve("broken.jar"));
    Path none = stateless().jarTo(dir.resolve("none.jar"));
    try (Relib relib = Relib.create()) {
      LoadedModule<Tally> first = relib.module(Tally.class).load(v1);
      first.exports().add("a");

      LoadedModule<Tally> other = relib.module(Tally.class).load(v3);
      StateHandOverException refused =
          assertThrows(StateHandOverException.class, () -> first.handOverTo(other));
      assertEquals(StateHandOverException.Reason.TYPE_CHANGED, refused.reason());
      assertEquals(2, first.exports().add("b"));

      LoadedModule<Tally> failing = relib.module(Tally.class).load(broken);
      refused = assertThrows(StateHandOverException.class, () -> first.handOverTo(failing));
      assertEquals(StateHandOverException.Reason.RESTORE_FAILED, refused.reason());
      assertEquals(3, first.exports().add("c"));
      assertEquals(List.of("a", "b", "c"), first.exports().recent());
      assertEquals(LoadedModule.State.LOADED, first.state());

      LoadedModule<Tally> stateless = relib.module(Tally.class).load(none);
      assertThrows(IllegalStateException.class, () -> stateless.handOverTo(first));
      assertThrows(IllegalArgumentException.class, () -> first.handOverTo(first));

      for (LoadedModule<Tally> module : List.of(first, other, failing, stateless)) {
        UnloadReport report = module.unload();
        assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
      }
    }
  }

  /**
   * A restore that does not return within the before-unload timeout is a failed start: the
   * hand-over is refused naming the thread left running, and the old version keeps serving.
   */
  @Test
  void aRestoreThatHangsIsBoundedAndLeavesTheOldVersionServing() throws Exception {
    String release = "relib.test.restore-release";
    Path v1 = tally(1, "").jarTo(dir.resolve("v1.jar"));
    Path hanging =
        restoring(
                """
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (System.getProperty("%s") == null && System.nanoTime() < deadline) {
                  Thread.onSpinWait();
                }
                """
                    .formatted(release))
            .jarTo(dir.resolve("hanging.jar"));
    System.clearProperty(release);
    try (Relib relib =
        Relib.builder()
            .unloadOptions(UnloadOptions.defaults().withBeforeUnloadTimeout(Duration.ofMillis(200)))
            .build()) {
      LoadedModule<Tally> first = relib.module(Tally.class).load(v1);
      first.exports().add("a");
      LoadedModule<Tally> next = relib.module(Tally.class).load(hanging);
      StateHandOverException refused =
          assertThrows(StateHandOverException.class, () -> first.handOverTo(next));
      assertEquals(StateHandOverException.Reason.RESTORE_FAILED, refused.reason());
      assertTrue(
          refused
              .getMessage()
              .matches(
                  "restoreState\\(\\) of module 'hanging' is still running after 200 ms, left on"
                      + " thread \"relib-state:hanging\""),
          refused.getMessage());
      assertEquals(2, first.exports().add("b"));
      System.setProperty(release, "go");
      for (LoadedModule<Tally> module : List.of(first, next)) {
        UnloadReport report = module.unload();
        assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
      }
    } finally {
      System.clearProperty(release);
    }
  }

  /**
   * A saved state polluted through an unchecked cast (a module object in a {@code List<String>})
   * fails in the stub's copy: the hand-over is refused, the old version keeps serving with its
   * state, and both loaders are collected.
   */
  @Test
  void aStateSmugglingAModuleObjectThroughTheCopyIsRefused() throws Exception {
    Path jar =
        tally(
                1,
                "smuggling()",
                """
                @SuppressWarnings({"unchecked", "rawtypes"})
                private TallyState smuggling() {
                  List names = new ArrayList(recent);
                  names.add(new Object() {});
                  return new TallyState(total, perName, names);
                }
                """)
            .jarTo(dir.resolve("tally.jar"));
    Path clean = tally(2, "").jarTo(dir.resolve("clean.jar"));
    try (Relib relib = Relib.create()) {
      LiveModule<Tally> live = relib.module(Tally.class).watch(jar);
      List<ReloadEvent> events = new ArrayList<>();
      live.onEvent(events::add);
      Tally tally = live.exports();
      tally.add("a");
      replace(jar, clean);
      ReloadEvent.Failed failed = assertInstanceOf(ReloadEvent.Failed.class, live.reload());
      StateHandOverException refusal =
          assertInstanceOf(StateHandOverException.class, failed.cause().getCause());
      assertEquals(StateHandOverException.Reason.SAVE_FAILED, refusal.reason());
      assertTrue(
          refusal.getMessage().contains("saveState() of module")
              && refusal.getMessage().contains("java.lang.ClassCastException"),
          refusal.getMessage());
      assertEquals(1, tally.version());
      assertEquals(2, tally.add("b"));
      UnloadReport last = live.unload();
      assertEquals(UnloadReport.Collection.COLLECTED, last.collection(), last.toString());
      for (ReloadEvent event : events) {
        if (event instanceof ReloadEvent.Unloaded unloaded) {
          assertEquals(UnloadReport.Collection.COLLECTED, unloaded.report().collection());
        }
      }
    }
  }

  /**
   * The runtime's own proof, behind the copy (a stub from elsewhere, a {@code @Copy} class's
   * fields): any object of a module's loader is named with where it sits.
   */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void theStateCheckNamesAModuleObjectWhereverItSits() throws Exception {
    String key = "relib.test.smuggled";
    Path jar =
        tally(
                1,
                """
                {
                  System.getProperties().put("%s", new Object() {});
                  System.getProperties().put("%s.key", new Object() {
                    @Override public String toString() { throw new IllegalStateException("boom"); }
                  });
                }
                """
                    .formatted(key, key))
            .jarTo(dir.resolve("tally.jar"));
    try (Relib relib = Relib.create()) {
      LoadedModule<Tally> loaded = relib.module(Tally.class).load(jar);
      Object smuggled = System.getProperties().remove(key);
      Object throwingKey = System.getProperties().remove(key + ".key");
      String loader = loaded.loaderName();
      assertNull(StateCheck.moduleObjectIn(new TallyState(2, Map.of("a", 2L), List.of("a"))));

      List names = new ArrayList(List.of("a"));
      names.add(smuggled);
      assertEquals(
          "state.recent[1] is a m.TallyModule$1 of loader " + loader,
          StateCheck.moduleObjectIn(new TallyState(2, Map.of(), names)));
      Map perName = new LinkedHashMap();
      perName.put("k", Optional.of(new Object[] {"x", smuggled}));
      assertEquals(
          "state.perName[k].get()[1] is a m.TallyModule$1 of loader " + loader,
          StateCheck.moduleObjectIn(new TallyState(2, perName, List.of())));

      // A module object as a key is named by its place: its toString would run module code here.
      Map byKey = new LinkedHashMap();
      byKey.put("a", 1L);
      byKey.put(throwingKey, 2L);
      assertEquals(
          "state.perName key #1 is a m.TallyModule$2 of loader " + loader,
          StateCheck.moduleObjectIn(new TallyState(2, byKey, List.of())));

      WeakReference<Object> module = new WeakReference<>(smuggled);
      smuggled = null;
      throwingKey = null;
      names.clear();
      perName.clear();
      byKey.clear();
      UnloadReport report = loaded.unload();
      assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
      assertNull(module.get());
    }
  }
}
