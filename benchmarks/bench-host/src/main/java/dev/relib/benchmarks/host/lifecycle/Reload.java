package dev.relib.benchmarks.host.lifecycle;

import dev.relib.benchmarks.api.Work;
import dev.relib.benchmarks.host.Table;
import dev.relib.runtime.LiveModule;
import dev.relib.runtime.ReloadEvent;
import dev.relib.runtime.Relib;
import dev.relib.runtime.UnloadReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Row "reload latency": from the build finishing on disk to the first call the new version serves,
 * through {@link LiveModule} watching a classes directory. The host polls from its own thread.
 */
final class Reload {
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(20);
  private static final int MAVEN_REPS = 5;
  private static final long MAVEN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(700);

  /** When each event of one version arrived (System.nanoTime), and what it said. */
  static final class Times {
    volatile long started;
    volatile long reloaded;
    volatile long unloaded;
    volatile ReloadEvent.Reloaded reloadedEvent;
    volatile UnloadReport report;
  }

  private Reload() {}

  static Results run(Path work, int reps, String heap, String prefix) throws IOException {
    Path v1 = ModuleVariants.compile(1, work.resolve("v1"));
    Path v2 = ModuleVariants.compile(2, work.resolve("v2"));
    Path watched = Files.createDirectories(work.resolve("live").resolve("classes"));
    // The benchmark's own copying, warmed outside the watched directory: cold, it paused long
    // enough between two writes for the watcher to start a reload before the build was done.
    Path scratch = Files.createDirectories(work.resolve("scratch"));
    for (int i = 0; i < 20; i++) {
      ModuleVariants.install(i % 2 == 0 ? v2 : v1, scratch);
    }
    ModuleVariants.install(v1, watched);

    Map<Integer, Times> times = new ConcurrentHashMap<>();
    AtomicInteger failed = new AtomicInteger();
    Stats latency = new Stats();
    Stats detect = new Stats();
    Stats loadTime = new Stats();
    Stats switchTime = new Stats();
    Stats unloadedAfter = new Stats();
    Stats proof = new Stats();
    int switchedBeforeProof = 0;
    int proven = 0;
    int extraReloads = 0;
    int startedEarly = 0;
    Stats mavenLatency = new Stats();
    int mavenFailed;
    try (Relib relib = Relib.create()) {
      LiveModule<Work> live = relib.module(Work.class).watch(watched);
      live.onEvent(
          event -> {
            long now = System.nanoTime();
            Times t = times.computeIfAbsent(event.version(), v -> new Times());
            if (event instanceof ReloadEvent.Started) {
              t.started = now;
            } else if (event instanceof ReloadEvent.Reloaded r) {
              t.reloadedEvent = r;
              t.reloaded = now;
            } else if (event instanceof ReloadEvent.Unloaded u) {
              t.report = u.report();
              t.unloaded = now;
            } else if (event instanceof ReloadEvent.Failed f) {
              failed.incrementAndGet();
              System.err.println(f);
            }
          });
      Work exports = live.exports();
      if (exports.trivial(0) != 1) {
        throw new IllegalStateException("version 1 answered " + exports.trivial(0));
      }
      for (int rep = 0; rep < reps; rep++) {
        int expect = rep % 2 == 0 ? 2 : 1;
        int before = live.version();
        ModuleVariants.install(expect == 2 ? v2 : v1, watched);
        long t0 = System.nanoTime();
        while (exports.trivial(0) != expect) {
          if (System.nanoTime() - t0 > GIVE_UP_NANOS) {
            throw new IllegalStateException("the new version did not serve within 20 s");
          }
          LockSupport.parkNanos(20_000);
        }
        long t1 = System.nanoTime();
        latency.addNanos(t1 - t0);
        int now = live.version();
        extraReloads += now - before - 1;
        Times served = times.get(now);
        // Wait for the version replaced to be unloaded and its collection proven (or not).
        Times old = times.computeIfAbsent(now - 1, v -> new Times());
        long waitStart = System.nanoTime();
        while (old.unloaded == 0 && System.nanoTime() - waitStart < GIVE_UP_NANOS) {
          LockSupport.parkNanos(1_000_000);
        }
        // The load began switchTime before the calls switched (Started is published after a
        // watched load, once it is known not to wait for the build).
        long loadStarted =
            served == null || served.reloadedEvent == null
                ? 0
                : served.reloaded - served.reloadedEvent.switchTime().toNanos();
        if (served != null && served.reloadedEvent != null && loadStarted < t0) {
          // Started before the build was done: not a measure of reload latency.
          startedEarly++;
        } else if (served != null && served.reloadedEvent != null) {
          detect.addNanos(loadStarted - t0);
          loadTime.addNanos(served.reloadedEvent.loadTime().toNanos());
          switchTime.addNanos(served.reloadedEvent.switchTime().toNanos());
        }
        if (old.unloaded != 0) {
          unloadedAfter.addNanos(old.unloaded - t0);
          proof.addNanos(old.report.timeOf(UnloadReport.Step.COLLECTION).toNanos());
          if (old.report.collection() == UnloadReport.Collection.COLLECTED) {
            proven++;
          }
          if (t1 < old.unloaded) {
            switchedBeforeProof++;
          }
        }
      }
      // The Maven-shaped build: the compiler deletes the output, works for a while (longer than
      // the quiet period), then writes the new output; t0 is its last write.
      int failedBefore = failed.get();
      for (int rep = 0; rep < MAVEN_REPS; rep++) {
        int expect = exports.trivial(0) == 1 ? 2 : 1;
        ModuleVariants.clear(watched);
        LockSupport.parkNanos(MAVEN_PAUSE_NANOS);
        ModuleVariants.install(expect == 2 ? v2 : v1, watched);
        long t0 = System.nanoTime();
        while (exports.trivial(0) != expect) {
          if (System.nanoTime() - t0 > GIVE_UP_NANOS) {
            throw new IllegalStateException("the rebuilt version did not serve within 20 s");
          }
          LockSupport.parkNanos(20_000);
        }
        mavenLatency.addNanos(System.nanoTime() - t0);
      }
      mavenFailed = failed.get() - failedBefore;
      live.unload();
    }
    Results results = new Results();
    results.line("#### Reload latency (" + heap + ", " + reps + " reloads through LiveModule, first one cold)\n");
    Table table = new Table("step", "ms: median / p90 (cold)");
    table.row("**build done → first call served by the new version** (t1 − t0)", latency.cell());
    table.row("build done → reload started (inotify + 50 ms quiet period)", detect.cell());
    table.row("load of the new version (ReloadEvent.Reloaded.loadTime)", loadTime.cell());
    table.row("load start → calls switched (Reloaded.switchTime)", switchTime.cell());
    table.row("build done → old version unloaded, proof over (Unloaded event)", unloadedAfter.cell());
    table.row("old version's proof of collection (its report's collection step)", proof.cell());
    table.row(
        "Maven-shaped build (output deleted, 0.7 s pause, written back): its last write → first"
            + " call of the new version, " + MAVEN_REPS + " builds",
        mavenLatency.cell());
    results.line(table);
    results.line(
        "First call of the new version served before the old version's proof ended: "
            + switchedBeforeProof + "/" + unloadedAfter.count()
            + "; old versions proven collected: " + proven + "/" + unloadedAfter.count()
            + "; failed reloads: " + failed.get()
            + "; extra reloads (a build seen as two): " + extraReloads
            + "; reloads started before the build was done (left out of the detection and load rows): "
            + startedEarly
            + "; Failed events during the " + MAVEN_REPS + " Maven-shaped builds: " + mavenFailed
            + "\n");
    results.put(prefix + ".reload.median", latency.median());
    results.put(prefix + ".reload.p90", latency.p90());
    results.put(prefix + ".reload.max", latency.max());
    results.put(prefix + ".reload.beforeProof", switchedBeforeProof);
    results.put(prefix + ".reload.count", unloadedAfter.count());
    results.put(prefix + ".reload.maven.median", mavenLatency.median());
    results.put(prefix + ".reload.maven.failed", mavenFailed);
    return results;
  }
}
