package dev.relib.samples.host;

import dev.relib.runtime.LiveModule;
import dev.relib.runtime.Relib;
import dev.relib.runtime.ReloadEvent;
import dev.relib.runtime.UnloadReport;
import dev.relib.samples.greeter.Greeter;
import dev.relib.samples.greeter.HostLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live-reload demo. By default it runs on its own and exits: it compiles the greeter module,
 * loads it, calls it, edits and recompiles it while a thread keeps calling, shows the new version
 * answering with the count the old one handed over, and unloads it. With {@code --watch} it watches
 * {@code samples/greeter-module/target/classes} and reloads whenever you rebuild that module.
 */
public final class LiveReloadDemo {
  private static final long START = System.nanoTime();

  private LiveReloadDemo() {}

  public static void main(String[] args) throws Exception {
    Path samples =
        Path.of(System.getProperty("samples.dir", "samples")).toAbsolutePath().normalize();
    if (Arrays.asList(args).contains("--watch")) {
      watch(samples.resolve("greeter-module/target/classes"));
    } else {
      demo(samples.resolve("greeter-module/src/main/java"));
    }
  }

  private static void demo(Path moduleSources) throws Exception {
    Path work = Files.createTempDirectory("relib-demo");
    try {
      demo(moduleSources, work);
    } finally {
      ModuleCompiler.deleteTree(work);
    }
  }

  private static void demo(Path moduleSources, Path work) throws Exception {
    Path sources = work.resolve("src");
    Path classes = work.resolve("classes");
    ModuleCompiler.copyTree(moduleSources, sources);
    say("Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")");
    say("compiling the greeter module into " + classes);
    ModuleCompiler.compile(sources, classes);

    BlockingQueue<ReloadEvent> events = new LinkedBlockingQueue<>();
    HostLog log = message -> say("  module says: " + message);
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib.module(Greeter.class).name("greeter").provide(HostLog.class, log).watch(classes);
      live.onEvent(
          event -> {
            say("  event: " + event);
            events.add(event);
          });
      Greeter greeter = live.exports();
      say("greet(\"Ada\") -> " + greeter.greet("Ada"));

      // A caller that never stops while the module is replaced under it.
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong calls = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      Thread caller =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    greeter.greet("Grace");
                    calls.incrementAndGet();
                  } catch (RuntimeException e) { // ModuleUnloadedException, ModuleException
                    failures.incrementAndGet();
                  }
                }
              },
              "demo-caller");
      caller.setDaemon(true);
      caller.start();

      say("editing the module: \"Hello\" becomes \"Bonjour\", VERSION 1 becomes 2; recompiling");
      Path module = sources.resolve("dev/relib/samples/greeter/module/GreeterModule.java");
      String text = Files.readString(module);
      Files.writeString(
          module,
          text.replace("\"Hello, \"", "\"Bonjour, \"").replace("VERSION = 1;", "VERSION = 2;"));
      ModuleCompiler.compile(sources, classes);

      ReloadEvent.Reloaded reloaded = awaitEvent(events, ReloadEvent.Reloaded.class);
      say("greet(\"Ada\") -> " + greeter.greet("Ada"));
      List<String> greeted = greeter.greeted();
      say(
          "greeted() -> the last "
              + greeted.size()
              + " names, the last one "
              + greeted.get(greeted.size() - 1)
              + "; state "
              + reloaded.state().toString().toLowerCase(Locale.ROOT)
              + " across the reload");
      ReloadEvent.Unloaded old = awaitEvent(events, ReloadEvent.Unloaded.class);

      running.set(false);
      caller.join(TimeUnit.SECONDS.toMillis(30));
      if (caller.isAlive()) {
        throw new IllegalStateException("the caller thread did not stop within 30 s");
      }
      long count = greeter.count();
      say(
          "the caller thread made "
              + calls.get()
              + " calls across the reload; "
              + failures.get()
              + " failed; count() -> "
              + count
              + " (2 for Ada + "
              + calls.get()
              + " for Grace: no greeting lost)");
      if (count != calls.get() + 2) {
        throw new IllegalStateException("the count did not survive the reload: " + count);
      }
      say("version 1's unload report:\n" + indent(old.report().toString()));

      UnloadReport last = live.unload();
      say("unloaded version " + live.version() + ":\n" + indent(last.toString()));
      if (failures.get() != 0 || last.collection() != UnloadReport.Collection.COLLECTED) {
        throw new IllegalStateException("the demo did not end as it should");
      }
    }
    say("done");
  }

  private static void watch(Path classes) throws Exception {
    if (!Files.isDirectory(classes)) {
      System.err.println("Build the module first: mvn -q -pl samples/greeter-module -am compile");
      System.exit(2);
    }
    try (Relib relib = Relib.create()) {
      LiveModule<Greeter> live =
          relib
              .module(Greeter.class)
              .provide(HostLog.class, message -> say("  module says: " + message))
              .watch(classes);
      live.onEvent(event -> say("  event: " + event));
      Greeter greeter = live.exports();
      say("watching " + classes);
      say("edit samples/greeter-module and run: mvn -q -pl samples/greeter-module compile");
      say("Ctrl-C to stop");
      while (true) {
        say("greet(\"Ada\") -> " + greeter.greet("Ada"));
        TimeUnit.SECONDS.sleep(2);
      }
    }
  }

  /**
   * Waits for an event of the given type. A reload that fails is not the end: a build caught
   * half-way through writing its files fails to load, the old version keeps serving, and the rest
   * of the files bring another reload.
   */
  private static <E extends ReloadEvent> E awaitEvent(
      BlockingQueue<ReloadEvent> events, Class<E> type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ReloadEvent.Failed lastFailure = null;
    while (true) {
      ReloadEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new IllegalStateException(
            "no "
                + type.getSimpleName()
                + " event within 30 s"
                + (lastFailure == null ? "" : "; the last reload failed: " + lastFailure));
      }
      if (type.isInstance(event)) {
        return type.cast(event);
      }
      if (event instanceof ReloadEvent.Failed failed) {
        lastFailure = failed;
      }
    }
  }

  private static String indent(String text) {
    return text.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  private static void say(String line) {
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - START);
    System.out.printf("[%6d ms] %s%n", ms, line);
  }
}
