package dev.relib.benchmarks.host.calls;

import dev.relib.benchmarks.host.Table;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the call benchmarks ({@link TrivialCall}, {@link WorkCall}, {@link ReturnCopy}) through JMH's
 * API at 1 and 2 threads, then prints their tables and the targets, met or missed, and
 * writes them to {@code bench-calls-<jdk>.md} next to the benchmarks jar: {@code java -jar
 * benchmarks.jar calls [--smoke]}.
 *
 * <p>The full run takes 3 forks, each 2 × 1 s of warmup and 3 × 1 s of measurement a row (about
 * 13 minutes): forks differ more than iterations do. {@code -Dbench.forks}, {@code
 * -Dbench.warmups} and {@code -Dbench.iterations} change that; {@code -Dbench.include=TrivialCall}
 * runs only those classes (the rows of the others read n/a). {@code --smoke} runs each row once
 * for 100 ms in this JVM, to prove that everything runs: its numbers mean nothing.
 */
public final class CallBenchmarks {
  private static final int[] THREADS = {1, 2};

  /** The rows of {@link TrivialCall} and {@link WorkCall}, by method, as the tables name them. */
  private static final String[][] CALL_ROWS = {
    {"direct", "direct interface call, bare URLClassLoader (the limit)"},
    {"relibDefault", "relib, default (switch decided at load: off here)"},
    {"relib", "relib bridge, no context-loader switch"},
    {"relibCcl", "relib bridge, context-loader switch"},
    {"proxy", "`Proxy` + `Method.invoke`, same guard"},
    {"methodHandle", "`MethodHandle` (static final), same guard"},
    {"methodHandleField", "`MethodHandle` (instance field), same guard"},
    {"pf4j", "PF4J extension (unguarded)"},
  };

  private static final String[][] RETURN_ROWS = {
    {"names", "`names()`: `List` of 10, copied"},
    {"person", "`person()`: 5-field Copy record, not copied"},
    {"team", "`team()`: record holding a list, rebuilt"},
  };

  private CallBenchmarks() {}

  /** A JMH score and its 99.9% error, ns/op. */
  record Score(double score, double error) {
    String text() {
      return fixed(score) + " ± " + fixed(Double.isNaN(error) ? 0 : error);
    }

    static String fixed(double value) {
      return Table.fixed(value, value < 10 ? 2 : 1);
    }
  }

  public static void run(List<String> args) throws IOException, RunnerException {
    boolean smoke = args.contains("--smoke");
    for (String arg : args) {
      if (!arg.equals("--smoke")) {
        throw new IllegalArgumentException("unknown argument " + arg + "; usage: calls [--smoke]");
      }
    }
    OffsetDateTime start = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    String loadAtStart = loadAverage();
    int forks = Integer.getInteger("bench.forks", 3);
    int warmups = Integer.getInteger("bench.warmups", 2);
    int iterations = Integer.getInteger("bench.iterations", 3);
    String include = System.getProperty("bench.include", "TrivialCall|WorkCall|ReturnCopy");

    Map<Integer, Map<String, Score>> scores = new HashMap<>();
    for (int threads : THREADS) {
      ChainedOptionsBuilder options =
          new OptionsBuilder()
              .include("^" + Pattern.quote(CallBenchmarks.class.getPackageName() + ".") + "(" + include + ")\\.")
              .threads(threads)
              .shouldFailOnError(true);
      if (smoke) {
        options.forks(0).warmupIterations(0).measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100));
      } else {
        options.forks(forks).warmupIterations(warmups).warmupTime(TimeValue.seconds(1))
            .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(forkArguments());
      }
      Map<String, Score> byName = new HashMap<>();
      Collection<RunResult> results = new Runner(options.build()).run();
      for (RunResult result : results) {
        String benchmark = result.getParams().getBenchmark();
        String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        Result<?> primary = result.getPrimaryResult();
        byName.put(name, new Score(primary.getScore(), primary.getScoreError()));
      }
      scores.put(threads, byName);
    }
    String loadAtEnd = loadAverage();

    int feature = Runtime.version().feature();
    StringBuilder out = new StringBuilder();
    out.append("# Calls, host → module: JDK ").append(feature).append(smoke ? " (SMOKE RUN: numbers mean nothing)" : "").append("\n\n");
    out.append("- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ')
        .append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append('\n');
    out.append("- date: ").append(start).append('\n');
    out.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
        .append(cpuModel()).append("), ").append(System.getProperty("os.name")).append(' ')
        .append(System.getProperty("os.arch")).append('\n');
    out.append("- /proc/loadavg at start: ").append(loadAtStart).append("; at end: ").append(loadAtEnd)
        .append(" (the benchmark's own threads count in it: up to 2 in the 2-thread rows)\n");
    out.append("- JMH: ").append(smoke
            ? "0 forks, no warmup, 1 × 100 ms"
            : forks + " fork(s) with " + String.join(" ", forkArguments()) + ", " + warmups
                + " × 1 s warmup, " + iterations + " × 1 s measurement")
        .append(" a row; average time, ns/op per thread, ± 99.9% error\n\n");
    // The load at the end includes this run's own forks, so only the load at the start tells.
    double before = firstLoad(loadAtStart);
    if (before > Runtime.getRuntime().availableProcessors() / 2.0) {
      out.append("**The machine was busy (load ").append(Table.fixed(before, 2))
          .append(" on ").append(Runtime.getRuntime().availableProcessors())
          .append(" cores): these numbers, and the verdicts below, are not reliable.**\n\n");
    }

    out.append("## Trivial call: `trivial(int)`\n\n").append(callTable(scores, "TrivialCall")).append('\n');
    out.append("## About 100 ns call: `work(long)`\n\n").append(callTable(scores, "WorkCall")).append('\n');
    out.append("## Return copying, relib bridge (no switch) vs direct\n\n").append(returnTable(scores)).append('\n');
    out.append("## Targets\n\n").append(targets(scores, feature)).append('\n');

    String report = out.toString();
    System.out.println();
    System.out.print(report);
    Path file = jarDirectory().resolve("bench-calls-" + feature + (smoke ? "-smoke" : "") + ".md");
    Files.writeString(file, report);
    System.out.println("written to " + file);
  }

  /**
   * A fixed heap, so that the allocating rows do not time the heap's growth; on JDK 24+ JMH's use
   * of {@code sun.misc.Unsafe} allowed without its warning (JDK 17 refuses the flag).
   */
  private static String[] forkArguments() {
    List<String> arguments = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
    if (Runtime.version().feature() >= 24) {
      arguments.add("--sun-misc-unsafe-memory-access=allow");
    }
    return arguments.toArray(String[]::new);
  }

  private static Table callTable(Map<Integer, Map<String, Score>> scores, String benchmark) {
    Table table = new Table("call", "1 thread, ns/op", "× direct", "2 threads, ns/op", "× direct");
    for (String[] row : CALL_ROWS) {
      List<Object> cells = new ArrayList<>();
      cells.add(row[1]);
      for (int threads : THREADS) {
        Score score = scores.get(threads).get(benchmark + "." + row[0]);
        Score direct = scores.get(threads).get(benchmark + ".direct");
        cells.add(score == null ? "n/a" : score.text());
        cells.add(score == null || direct == null ? "n/a" : Table.ratio(score.score(), direct.score()));
      }
      table.row(cells.toArray());
    }
    return table;
  }

  private static Table returnTable(Map<Integer, Map<String, Score>> scores) {
    Table table = new Table(
        "return", "1 thread: direct", "relib", "added (×)", "2 threads: direct", "relib", "added (×)");
    for (String[] row : RETURN_ROWS) {
      List<Object> cells = new ArrayList<>();
      cells.add(row[1]);
      for (int threads : THREADS) {
        Score direct = scores.get(threads).get("ReturnCopy." + row[0] + "Direct");
        Score relib = scores.get(threads).get("ReturnCopy." + row[0] + "Relib");
        cells.add(direct == null ? "n/a" : direct.text());
        cells.add(relib == null ? "n/a" : relib.text());
        cells.add(direct == null || relib == null ? "n/a"
            : Score.fixed(relib.score() - direct.score()) + " ns (" + Table.ratio(relib.score(), direct.score()) + ")");
      }
      table.row(cells.toArray());
    }
    return table;
  }

  /** The targets for the "Call" rows, each checked at 1 and 2 threads. */
  private static Table targets(Map<Integer, Map<String, Score>> scores, int feature) {
    Table table = new Table("target", "1 thread", "2 threads", "");
    // trivial call without the switch: at most 2× the direct call
    // the default, for a module that does not read the context class loader: at most 2× direct
    target(table, "trivial call, relib default (module reads no context loader) ≤ 2× direct", scores, s -> {
      double ratio = s.get("TrivialCall.relibDefault").score() / s.get("TrivialCall.direct").score();
      return new Check(Table.fixed(ratio, 2) + "×", ratio <= 2.0);
    });
    target(table, "trivial call, relib without switch ≤ 2× direct", scores, s -> {
      double ratio = s.get("TrivialCall.relib").score() / s.get("TrivialCall.direct").score();
      return new Check(Table.fixed(ratio, 2) + "×", ratio <= 2.0);
    });
    // with the switch: within 5 ns of direct on JDK 17 (a plain field), 15 ns on JDK 25 (JDK 19+:
    // a volatile field, set and restore cost two fences)
    double allowed = feature >= 19 ? 15 : 5;
    target(table, "trivial call, relib with switch within " + (int) allowed + " ns of direct (JDK " + feature + ")", scores, s -> {
      double added = s.get("TrivialCall.relibCcl").score() - s.get("TrivialCall.direct").score();
      return new Check("+" + Score.fixed(added) + " ns", added <= allowed);
    });
    target(table, "~100 ns call ≤ 1.1× direct, relib without / with switch", scores, s -> {
      double direct = s.get("WorkCall.direct").score();
      double plain = s.get("WorkCall.relib").score() / direct;
      double switching = s.get("WorkCall.relibCcl").score() / direct;
      return new Check(Table.fixed(plain, 2) + "× / " + Table.fixed(switching, 2) + "×", plain <= 1.1 && switching <= 1.1);
    });
    for (String[] other : new String[][] {
        {"proxy", "`Proxy`"}, {"methodHandle", "`MethodHandle` (static final)"},
        {"methodHandleField", "`MethodHandle` (instance field)"}}) {
      target(table, "relib (no switch) faster than " + other[1] + ", trivial / work", scores, s -> {
        StringBuilder text = new StringBuilder();
        boolean met = true;
        for (String benchmark : new String[] {"TrivialCall", "WorkCall"}) {
          Score relib = s.get(benchmark + ".relib");
          Score them = s.get(benchmark + "." + other[0]);
          met &= relib.score() < them.score();
          if (text.length() > 0) {
            text.append(" / ");
          }
          text.append(Score.fixed(relib.score())).append(" vs ").append(Score.fixed(them.score()));
          if (Math.abs(relib.score() - them.score()) < err(relib) + err(them)) {
            text.append(" (within error)");
          }
        }
        return new Check(text.toString(), met);
      });
    }
    target(table, "trivial call, relib without switch ≤ 2× PF4J", scores, s -> {
      double ratio = s.get("TrivialCall.relib").score() / s.get("TrivialCall.pf4j").score();
      return new Check(Table.fixed(ratio, 2) + "×", ratio <= 2.0);
    });
    return table;
  }

  private static double err(Score score) {
    return Double.isNaN(score.error()) ? 0 : score.error();
  }

  private record Check(String text, boolean met) {}

  private interface Checker {
    Check check(Map<String, Score> scores);
  }

  private static void target(Table table, String what, Map<Integer, Map<String, Score>> scores, Checker checker) {
    List<Object> cells = new ArrayList<>();
    cells.add(what);
    boolean met = true;
    boolean measured = true;
    for (int threads : THREADS) {
      try {
        Check check = checker.check(scores.get(threads));
        cells.add(check.text());
        met &= check.met();
      } catch (NullPointerException missing) {
        cells.add("n/a");
        measured = false;
      }
    }
    cells.add(!measured ? "**not measured**" : met ? "met" : "**missed**");
    table.row(cells.toArray());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The 1-minute load average of a {@code /proc/loadavg} line, or 0. */
  private static double firstLoad(String loadavg) {
    try {
      return Double.parseDouble(loadavg.split(" ")[0]);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst().orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }

  private static Path jarDirectory() {
    try {
      Path location = Path.of(CallBenchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isDirectory(location) ? location : location.getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of(".");
    }
  }
}
