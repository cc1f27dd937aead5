package dev.relib.benchmarks.host;

import dev.relib.benchmarks.api.Pf4jWork;
import dev.relib.benchmarks.api.Work;
import dev.relib.benchmarks.host.calls.CallBenchmarks;
import dev.relib.benchmarks.host.lifecycle.Lifecycle;
import dev.relib.runtime.LoadedModule;
import dev.relib.runtime.Relib;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.pf4j.PluginManager;

/** Runs the benchmarks: {@code java -jar benchmarks.jar check | calls | lifecycle | all [--smoke]}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String what = args.length == 0 ? "check" : args[0];
    switch (what) {
      case "check" -> check();
      case "calls" -> CallBenchmarks.run(rest(args));
      case "lifecycle" -> Lifecycle.run(args);
      case "all" -> {
        CallBenchmarks.run(rest(args));
        Lifecycle.run(args);
      }
      default -> {
        System.err.println("usage: java -jar benchmarks.jar check | calls | lifecycle | all [--smoke]");
        System.exit(2);
      }
    }
  }

  private static List<String> rest(String[] args) {
    return Arrays.asList(args).subList(1, args.length);
  }

  /** Loads the module each way and calls it once: the benchmarks' subjects work. */
  static void check() throws Exception {
    Path jar = Subjects.moduleJar();
    try (URLClassLoader loader = Subjects.bareLoader(jar)) {
      Work direct = Subjects.direct(loader);
      System.out.println("bare loader: trivial(1) = " + direct.trivial(1) + ", " + direct.getClass());
    }
    try (Relib relib = Relib.create()) {
      LoadedModule<Work> module = Subjects.relib(relib, jar, false);
      System.out.println("relib: trivial(1) = " + module.exports().trivial(1) + ", " + module.exports().getClass());
      System.out.println("relib: " + module.unload().collection());
      LoadedModule<Work> byDefault = Subjects.relibDefault(relib, jar);
      System.out.println(
          "relib, default: trivial(1) = " + byDefault.exports().trivial(1)
              + ", context loader switch " + byDefault.contextLoaderSwitch());
      if (byDefault.contextLoaderSwitch().on()) {
        throw new IllegalStateException(
            "the benchmark module reads no context class loader, yet the default switched: "
                + byDefault.contextLoaderSwitch());
      }
      System.out.println("relib, default: " + byDefault.unload().collection());
    }
    Path root = Files.createTempDirectory("bench-pf4j");
    PluginManager manager = Subjects.pf4j(jar, root);
    Pf4jWork work = Subjects.startPf4j(manager);
    System.out.println("pf4j: trivial(1) = " + work.trivial(1) + ", " + work.getClass());
    Subjects.stopPf4j(manager);
    System.out.println("pf4j: unloaded");
  }
}
