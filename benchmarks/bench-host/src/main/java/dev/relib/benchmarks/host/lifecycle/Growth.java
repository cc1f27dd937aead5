package dev.relib.benchmarks.host.lifecycle;

import dev.relib.benchmarks.host.Table;
import dev.relib.runtime.UnloadReport;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Row "growth": many load → call → unload cycles per subject, without proofs of collection, with
 * Metaspace, heap and loaded classes read after a forced GC at each checkpoint. The subjects run one
 * after the other, each from a baseline taken after a warm-up of its own.
 */
final class Growth {
  private static final int WARM_UP = 100;

  /** One checkpoint: after {@code cycles} cycles. */
  record Point(int cycles, long metaspace, long heap, int classes, double msPerCycle) {}

  private Growth() {}

  static Results run(List<Subject> subjects, int cycles, int every, long budgetSeconds) {
    Results results = new Results();
    results.line(
        "#### Growth (" + cycles + " load → call → unload cycles a subject, no proof of collection;"
            + " readings after System.gc() ×3; relib unloads with a zero collection timeout)\n");
    List<List<Point>> all = new ArrayList<>();
    for (Subject subject : subjects) {
      all.add(run(subject, cycles, every, budgetSeconds));
    }
    for (int s = 0; s < subjects.size(); s++) {
      Table table = new Table("cycles", "Metaspace used, KiB", "heap used, KiB", "loaded classes", "ms / cycle");
      for (Point p : all.get(s)) {
        table.row(
            p.cycles(),
            p.metaspace() / 1024,
            p.heap() / 1024,
            p.classes(),
            Double.isNaN(p.msPerCycle()) ? "—" : Table.fixed(p.msPerCycle(), 3));
      }
      results.line("**" + subjects.get(s).name() + "**\n");
      results.line(table);
    }
    // Every subject's Metaspace rises once over its first block (the allocator's free lists and
    // chunks filling up), then stays: growth is judged from the first checkpoint after the
    // baseline to the end, against the bare loader's own spread over the same checkpoints (with a
    // floor: 64 KiB is ~16 leaked loaders over thousands of cycles).
    List<Point> bare = all.get(0).subList(1, all.get(0).size());
    long metaBand = Math.max(64 * 1024, band(bare, Point::metaspace));
    long heapBand = Math.max(1024 * 1024, band(bare, Point::heap));
    long classBand = Math.max(5, band(bare, p -> p.classes()));
    Table summary =
        new Table(
            "subject",
            "cycles",
            "Δ Metaspace, KiB: end − baseline / end − first block",
            "Δ heap, KiB: same",
            "Δ classes: same",
            "ms / cycle (mean)",
            "flat");
    for (int s = 0; s < subjects.size(); s++) {
      List<Point> points = all.get(s);
      Point base = points.get(0);
      Point first = points.get(Math.min(1, points.size() - 1));
      Point last = points.get(points.size() - 1);
      long dMeta = last.metaspace() - first.metaspace();
      long dHeap = last.heap() - first.heap();
      int dClasses = last.classes() - first.classes();
      boolean flat =
          Math.abs(dMeta) <= metaBand && Math.abs(dHeap) <= heapBand && Math.abs(dClasses) <= classBand;
      double mean = points.stream().skip(1).mapToDouble(Point::msPerCycle).average().orElse(Double.NaN);
      summary.row(
          subjects.get(s).name(),
          last.cycles(),
          (last.metaspace() - base.metaspace()) / 1024 + " / " + dMeta / 1024,
          (last.heap() - base.heap()) / 1024 + " / " + dHeap / 1024,
          (last.classes() - base.classes()) + " / " + dClasses,
          Table.fixed(mean, 3),
          flat ? "yes" : "**no**");
      String key = "growth." + Lifecycle.key(subjects.get(s).name());
      results.put(key + ".flat", flat ? 1 : 0);
      results.put(key + ".cycles", last.cycles());
      results.put(key + ".msPerCycle", mean);
    }
    results.line("**Summary** (flat = end − first block within the bare loader's spread from its first"
        + " block on: Metaspace ±" + metaBand / 1024 + " KiB, heap ±" + heapBand / 1024 + " KiB, classes ±"
        + classBand + "; a leaked loader would add ~4 KiB of Metaspace a cycle)\n");
    results.line(summary);
    results.line("Where a cycle's time goes (means, ms):\n");
    results.line(split(subjects));
    return results;
  }

  private interface Reading {
    long of(Point p);
  }

  private static long band(List<Point> points, Reading reading) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Point p : points) {
      min = Math.min(min, reading.of(p));
      max = Math.max(max, reading.of(p));
    }
    return max - min;
  }

  private static List<Point> run(Subject subject, int cycles, int every, long budgetSeconds) {
    for (int i = 0; i < WARM_UP; i++) {
      cycle(subject);
    }
    List<Point> points = new ArrayList<>();
    points.add(measure(0, Double.NaN));
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(budgetSeconds);
    int done = 0;
    while (done < cycles) {
      long blockStart = System.nanoTime();
      int block = Math.min(every, cycles - done);
      for (int i = 0; i < block; i++) {
        cycle(subject);
      }
      done += block;
      double ms = (System.nanoTime() - blockStart) / 1e6 / block;
      points.add(measure(done, ms));
      if (System.nanoTime() > deadline && done < cycles) {
        System.err.println(subject.name() + ": growth stopped at " + done + " cycles (time budget)");
        break;
      }
    }
    return points;
  }

  /** Where a subject's cycles went: load + first call, unload, and relib's unload steps. */
  private static final java.util.Map<Subject, long[]> SPLIT = new java.util.HashMap<>();

  private static void cycle(Subject subject) {
    long start = System.nanoTime();
    if (subject.loadAndCall() != 2) {
      throw new IllegalStateException(subject.name() + " answered wrong");
    }
    long loaded = System.nanoTime();
    subject.unload(false);
    long end = System.nanoTime();
    long[] split = SPLIT.computeIfAbsent(subject, s -> new long[2 + UnloadReport.Step.values().length + 1]);
    split[0] += loaded - start;
    split[1] += end - loaded;
    if (subject instanceof Subject.RelibSubject relib && relib.lastReport != null) {
      for (UnloadReport.StepResult step : relib.lastReport.steps()) {
        split[2 + step.step().ordinal()] += step.duration().toNanos();
      }
    }
    split[split.length - 1]++;
  }

  /** Mean ms per cycle of load and unload (and of relib's unload steps), warm-up included. */
  static String split(List<Subject> subjects) {
    StringBuilder out = new StringBuilder();
    for (Subject subject : subjects) {
      long[] split = SPLIT.get(subject);
      if (split == null) {
        continue;
      }
      double n = split[split.length - 1];
      out.append("- ").append(subject.name()).append(": load → first call ")
          .append(Table.fixed(split[0] / 1e6 / n, 3)).append(" ms, unload ")
          .append(Table.fixed(split[1] / 1e6 / n, 3)).append(" ms a cycle");
      if (subject instanceof Subject.RelibSubject) {
        out.append(" (unload steps:");
        for (UnloadReport.Step step : UnloadReport.Step.values()) {
          out.append(' ').append(step.title()).append(' ')
              .append(Table.fixed(split[2 + step.ordinal()] / 1e6 / n, 3));
        }
        out.append(")");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static Point measure(int cycles, double msPerCycle) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    long metaspace = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Metaspace")) {
        metaspace = pool.getUsage().getUsed();
      }
    }
    return new Point(
        cycles, metaspace, memory.getHeapMemoryUsage().getUsed(), classes.getLoadedClassCount(), msPerCycle);
  }
}
