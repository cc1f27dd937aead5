package dev.relib.samples.host;

import dev.relib.runtime.LoadedModule;
import dev.relib.runtime.Relib;
import dev.relib.runtime.UnloadException;
import dev.relib.runtime.UnloadOptions;
import dev.relib.runtime.UnloadReport;
import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.samples.greeter.Greeter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Loads the leaky module, calls it, unloads it, and says in plain words what the unload report
 * found: a thread the module never stopped (the unload refuses to pretend it is done), a
 * thread-local it left on the host's thread and a handler it added to the JDK's root logger (both
 * cleared).
 */
public final class LeakDemo {
  private LeakDemo() {}

  public static void main(String[] args) throws Exception {
    Path samples =
        Path.of(System.getProperty("samples.dir", "samples")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("relib-leaky");
    try {
      run(samples, work.resolve("classes"));
    } finally {
      ModuleCompiler.deleteTree(work);
    }
  }

  private static void run(Path samples, Path classes) throws Exception {
    ModuleCompiler.compile(samples.resolve("leaky-module/src/main/java"), classes);

    try (Relib relib = Relib.create()) {
      LoadedModule<Greeter> leaky = relib.module(Greeter.class).name("leaky").load(classes);
      System.out.println("greet(\"Ada\") -> " + leaky.exports().greet("Ada"));

      System.out.println("\nUnloading...");
      try {
        leaky.unload();
        System.out.println("unexpected: the unload succeeded");
      } catch (UnloadException e) {
        System.out.println("The unload stopped, and says why:");
        explain(e.report());
        System.out.println("\nThe module stays revoked: calls to it fail. Unloading anyway:");
      }
      UnloadReport report =
          leaky.unload(
              UnloadOptions.defaults()
                  .withProceedWithRunningThreads(true)
                  .withCollectionTimeout(
                      Duration.ofSeconds(1))); // the thread holds it: no need to wait long
      explain(report);
      System.out.println("\nThe full report:\n" + report);
    }
  }

  private static void explain(UnloadReport report) {
    for (UnloadReport.ModuleThread thread : report.threads()) {
      System.out.printf(
          "  - thread \"%s\" still runs the module's code (%s%s), at %s.%n"
              + "    The module started it and never stopped it: stop and join it in a"
              + " @BeforeUnload method.%n",
          thread.name(),
          thread.state(),
          thread.daemon() ? ", daemon" : "",
          thread.topFrames().isEmpty() ? "?" : thread.topFrames().get(0));
    }
    for (Leak leak : report.leaks(Leak.Outcome.CLEARED)) {
      System.out.printf(
          "  - relib cleared a %s (%s): %s.%n    The module should undo this itself in"
              + " @BeforeUnload.%n",
          leak.kind(), leak.where(), leak.detail());
    }
    for (Leak leak : report.skippedChecks()) {
      System.out.printf("  - not checked: %s (%s): %s%n", leak.kind(), leak.where(), leak.detail());
    }
    switch (report.collection()) {
      case COLLECTED -> System.out.println("  - the module's classes are gone from memory.");
      case NOT_COLLECTED -> {
        List<String> path =
            report.holder().map(UnloadReport.Holder::path).orElse(List.of());
        if (!path.isEmpty()) {
          // The heap dump found what holds it: that, not the generic suspects, is the answer.
          System.out.println(
              "  - the module's class loader was NOT garbage collected; the heap dump shows what"
                  + " holds it:");
          System.out.println("      " + path.get(0));
          path.subList(1, path.size()).forEach(step -> System.out.println("      → " + step));
        } else {
          System.out.println("  - the module's class loader was NOT garbage collected; suspects:");
          report.suspects().forEach(suspect -> System.out.println("      " + suspect));
        }
      }
      default -> {
        if (report.completed()) {
          System.out.println("  - collection: " + report.collectionNote());
        }
      }
    }
  }
}
