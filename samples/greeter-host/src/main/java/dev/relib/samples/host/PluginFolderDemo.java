package dev.relib.samples.host;

import dev.relib.runtime.PluginFolder;
import dev.relib.runtime.Relib;
import dev.relib.runtime.ReloadEvent;
import dev.relib.runtime.UnloadReport;
import dev.relib.samples.greeter.Greeter;
import dev.relib.samples.greeter.HostLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The plugin-folder demo: a folder of greeter plugins, each a build of the greeter module in its
 * own language. The host watches the folder: plugins there at the start load, one copied in later
 * loads, one taken out unloads with its report. Runs on its own and exits.
 */
public final class PluginFolderDemo {
  private PluginFolderDemo() {}

  public static void main(String[] args) throws Exception {
    Path samples =
        Path.of(System.getProperty("samples.dir", "samples")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("relib-plugins");
    try {
      run(samples.resolve("greeter-module/src/main/java"), work);
    } finally {
      ModuleCompiler.deleteTree(work);
    }
  }

  static void run(Path moduleSources, Path work) throws Exception {
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    say("building the greeter plugin in English and French into " + plugins);
    install(build(moduleSources, work, "english", "Hello"), plugins);
    install(build(moduleSources, work, "french", "Bonjour"), plugins);

    BlockingQueue<ReloadEvent> events = new LinkedBlockingQueue<>();
    try (Relib relib = Relib.create()) {
      PluginFolder<Greeter> folder =
          relib
              .module(Greeter.class)
              .provide(HostLog.class, message -> say("  plugin says: " + message))
              .watchFolder(plugins);
      folder.onEvent(
          event -> {
            say("  event: " + event);
            events.add(event);
          });
      expect(folder, Set.of("english", "french"));
      greetAll(folder);

      say("copying a German build into the folder");
      install(build(moduleSources, work, "german", "Hallo"), plugins);
      await(events, ReloadEvent.Reloaded.class, "german");
      expect(folder, Set.of("english", "french", "german"));
      greetAll(folder);

      say("taking the English plugin out of the folder");
      Files.move(plugins.resolve("english"), work.resolve("english-removed"));
      ReloadEvent.Unloaded unloaded = await(events, ReloadEvent.Unloaded.class, "english");
      say("english's unload report:\n" + unloaded.report().toString().indent(4).stripTrailing());
      expect(folder, Set.of("french", "german"));
      if (unloaded.report().collection() != UnloadReport.Collection.COLLECTED) {
        throw new IllegalStateException("the removed plugin's loader was not collected");
      }
      if (!folder.exports().get("german").greet("Ada").text().startsWith("Hallo")) {
        throw new IllegalStateException("the German plugin does not answer in German");
      }
    }
    say("done");
  }

  /** Compiles the greeter module with another greeting, as a plugin directory named {@code name}. */
  private static Path build(Path moduleSources, Path work, String name, String hello)
      throws IOException {
    Path sources = work.resolve("src-" + name);
    ModuleCompiler.copyTree(moduleSources, sources);
    Path module = sources.resolve("dev/relib/samples/greeter/module/GreeterModule.java");
    Files.writeString(
        module, Files.readString(module).replace("\"Hello, \"", "\"" + hello + ", \""));
    Path classes = work.resolve("build-" + name).resolve(name);
    ModuleCompiler.compile(sources, classes);
    return classes;
  }

  /** Moves a finished build into the folder in one step, as a deployment does. */
  private static void install(Path build, Path plugins) throws IOException {
    Files.move(build, plugins.resolve(build.getFileName()), StandardCopyOption.ATOMIC_MOVE);
  }

  private static void greetAll(PluginFolder<Greeter> folder) {
    Map<String, Greeter> now = new TreeMap<>(folder.exports());
    now.forEach((name, greeter) -> say(name + ": greet(\"Ada\") -> " + greeter.greet("Ada")));
  }

  private static void expect(PluginFolder<Greeter> folder, Set<String> names) {
    if (!folder.exports().keySet().equals(names)) {
      throw new IllegalStateException(
          "the folder serves " + folder.exports().keySet() + ", not " + names);
    }
  }

  private static <E extends ReloadEvent> E await(
      BlockingQueue<ReloadEvent> events, Class<E> type, String plugin) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      ReloadEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new IllegalStateException("no " + type.getSimpleName() + " of " + plugin + " in 30 s");
      }
      if (type.isInstance(event) && event.module().equals(plugin)) {
        return type.cast(event);
      }
    }
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
