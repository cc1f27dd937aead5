package dev.relib.benchmarks.host.lifecycle;

import dev.relib.benchmarks.host.Subjects;
import dev.relib.benchmarks.host.Table;
import dev.relib.runtime.Relib;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.pf4j.PluginManager;

/**
 * The load, unload, reload and growth harness: {@code java -jar benchmarks.jar lifecycle [--smoke]}.
 * Not JMH: each measurement is a single shot of milliseconds with garbage collections in it. The
 * part with 1 GiB of live objects runs in a child JVM ({@code -Xmx3g}) that the harness starts.
 */
public final class Lifecycle {
  /** The live heap of the big-heap part, MiB. */
  static final int LIVE_MIB = 1024;

  private Lifecycle() {}

  /** Child JVM entry: {@code --big [--smoke]}. */
  public static void main(String[] args) throws Exception {
    boolean smoke = Arrays.asList(args).contains("--smoke");
    if (!Arrays.asList(args).contains("--big")) {
      run(args);
      return;
    }
    long start = System.nanoTime();
    LiveHeap heap = LiveHeap.allocate(LIVE_MIB);
    System.gc();
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    String what =
        String.format(
            Locale.ROOT,
            "1 GiB live: %d M small objects, heap used %d MiB after GC, -Xmx%d MiB, %s",
            heap.objects() / 1_000_000,
            used >> 20,
            Runtime.getRuntime().maxMemory() >> 20,
            gcNames());
    System.err.printf(Locale.ROOT, "lifecycle: %s (allocated in %.1f s)%n", what, (System.nanoTime() - start) / 1e9);
    Results results = new Results();
    results.line("### With the host holding " + what + "\n");
    results.addAll(loadUnload(smoke ? 3 : 15, "1 GiB live", "big"));
    results.addAll(Reload.run(Files.createTempDirectory("bench-reload-big"), smoke ? 4 : 20, "1 GiB live", "big"));
    if (heap.checksum() == 42) {
      System.err.println();
    }
    System.out.print(results.serialize());
    System.out.flush();
  }

  /** {@code lifecycle [--smoke]}: runs every part and writes the report. */
  public static void run(String[] args) throws Exception {
    boolean smoke = Arrays.asList(args).contains("--smoke");
    String loadStart = loadavg();
    ZonedDateTime date = ZonedDateTime.now();
    long start = System.nanoTime();
    Results results = new Results();

    progress("small heap: load → first call, unload → proven collected");
    Results small = new Results();
    small.line("### Small heap (" + heapDescription() + ")\n");
    small.addAll(loadUnload(smoke ? 5 : 30, "small heap", "small"));
    progress("small heap: reload latency");
    small.addAll(Reload.run(Files.createTempDirectory("bench-reload-small"), smoke ? 4 : 20, "small heap", "small"));

    progress("1 GiB live: child JVM");
    Results big = child(smoke);

    progress("growth");
    Results growth = new Results();
    growth.line("### Growth (small heap)\n");
    Path jar = Subjects.moduleJar();
    Path root = Files.createTempDirectory("bench-pf4j-growth");
    PluginManager manager = Subjects.pf4j(jar, root);
    try (Relib relib = Relib.create()) {
      List<Subject> subjects = Subject.all(jar, relib, manager, root.resolve(jar.getFileName()));
      growth.addAll(Growth.run(subjects, smoke ? 300 : 10_000, smoke ? 100 : 1000, smoke ? 60 : 150));
    }

    String loadEnd = loadavg();
    results.line("## Load, unload, reload, growth: relib vs PF4J vs a bare URLClassLoader\n");
    results.line("- JDK: " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name")
        + " " + Runtime.version());
    results.line("- date: " + date.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    results.line("- cores: " + Runtime.getRuntime().availableProcessors() + "; /proc/loadavg at start: "
        + loadStart + "; at end: " + loadEnd);
    results.line("- run: " + (smoke ? "--smoke" : "full") + ", " + Math.round((System.nanoTime() - start) / 1e9)
        + " s; JVM arguments: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    results.line("- each row interleaves its subjects (A B C A B C …); times in ms: median / p90 over the"
        + " warm repetitions, the first (cold) one apart\n");
    Results all = new Results();
    all.addAll(small);
    all.addAll(big);
    all.addAll(growth);
    results.line(targets(all));
    results.text(all.markdown);

    String report = results.markdown.toString();
    System.out.println(report);
    Path out = location().resolveSibling("target").resolve("bench-lifecycle-" + Runtime.version().feature() + ".md");
    if (!Files.isDirectory(out.getParent())) {
      out = location().resolveSibling("bench-lifecycle-" + Runtime.version().feature() + ".md");
    }
    Files.writeString(out, report);
    progress("written to " + out);
  }

  private static Results loadUnload(int reps, String heap, String prefix) throws IOException {
    Path jar = Subjects.moduleJar();
    Path root = Files.createTempDirectory("bench-pf4j");
    PluginManager manager = Subjects.pf4j(jar, root);
    try (Relib relib = Relib.create()) {
      List<Subject> subjects = Subject.all(jar, relib, manager, root.resolve(jar.getFileName()));
      return LoadUnload.run(subjects, reps, heap, prefix);
    }
  }

  private static String targets(Results r) {
    Table table = new Table("target", "measured", "met");
    double bare = r.get("small.bare.load.median");
    double relib = r.get("small.relib.load.median");
    double pf4j = r.get("small.pf4j.load.median");
    table.row(
        "load → first call ≤ 1.5× bare loader, faster than PF4J (small heap, medians)",
        Stats.ms(relib) + " ms = " + Table.ratio(relib, bare) + " bare (" + Stats.ms(bare) + "), PF4J " + Stats.ms(pf4j),
        mark(relib <= 1.5 * bare && relib < pf4j));
    double bigBare = r.get("big.bare.load.median");
    double bigRelib = r.get("big.relib.load.median");
    double bigPf4j = r.get("big.pf4j.load.median");
    table.row(
        "same, 1 GiB live",
        Stats.ms(bigRelib) + " ms = " + Table.ratio(bigRelib, bigBare) + " bare (" + Stats.ms(bigBare) + "), PF4J "
            + Stats.ms(bigPf4j),
        mark(bigRelib <= 1.5 * bigBare && bigRelib < bigPf4j));
    double proofRelib = r.get("small.relib.proof.median");
    double proofBare = r.get("small.bare.proof.median");
    table.row(
        "proof of collection within 2 ms of the bare loader's (small heap, medians)",
        "relib " + Stats.ms(proofRelib) + " vs bare " + Stats.ms(proofBare) + " (Δ "
            + Stats.ms(proofRelib - proofBare) + "; whole unload " + Stats.ms(r.get("small.relib.unload.median"))
            + " vs " + Stats.ms(r.get("small.bare.unload.median")) + ")",
        mark(proofRelib - proofBare <= 2));
    for (String heap : List.of("small", "big")) {
      double p90 = r.get(heap + ".reload.p90");
      table.row(
          "reload latency < 100 ms (" + (heap.equals("small") ? "small heap" : "1 GiB live") + ", p90)",
          "median " + Stats.ms(r.get(heap + ".reload.median")) + ", p90 " + Stats.ms(p90) + ", max "
              + Stats.ms(r.get(heap + ".reload.max")) + "; served before the old proof ended "
              + (int) r.get(heap + ".reload.beforeProof") + "/" + (int) r.get(heap + ".reload.count"),
          mark(p90 < 100));
    }
    double maven = r.get("small.reload.maven.median");
    int mavenFailed = (int) r.get("small.reload.maven.failed");
    table.row(
        "Maven-shaped rebuild: no Failed event, new version within 60 ms of the last write (small heap, median)",
        "median " + Stats.ms(maven) + "; Failed events " + mavenFailed,
        mark(maven < 60 && mavenFailed == 0));
    table.row(
        "flat growth (relib)",
        (int) r.get("growth.relib.cycles") + " cycles, " + Table.fixed(r.get("growth.relib.msPerCycle"), 3)
            + " ms/cycle (bare " + Table.fixed(r.get("growth.bare.msPerCycle"), 3) + ", PF4J "
            + Table.fixed(r.get("growth.pf4j.msPerCycle"), 3) + ")",
        mark(r.get("growth.relib.flat") == 1));
    return "### Targets\n\n" + table;
  }

  private static String mark(boolean met) {
    return met ? "met" : "**missed**";
  }

  /** Runs the 1 GiB part in a child JVM and reads back its results. */
  private static Results child(boolean smoke) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx3g");
    String module = System.getProperty("bench.module");
    if (module != null) {
      command.add("-Dbench.module=" + module);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Lifecycle.class.getName());
    command.add("--big");
    if (smoke) {
      command.add("--smoke");
    }
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Results results = new Results();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        results.parseLine(line);
      }
    }
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("the 1 GiB child JVM exited with " + exit + ": " + command);
    }
    return results;
  }

  static String key(String subjectName) {
    return subjectName.split(" ")[0].toLowerCase(Locale.ROOT);
  }

  private static String heapDescription() {
    return "live heap a few MiB, -Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, " + gcNames();
  }

  private static String gcNames() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(" + "));
  }

  private static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static void progress(String what) {
    System.err.println("lifecycle: " + what);
  }

  private static Path location() {
    try {
      return Path.of(Lifecycle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
