package dev.relib.benchmarks.host;

import dev.relib.benchmarks.api.Pf4jWork;
import dev.relib.benchmarks.api.Work;
import dev.relib.runtime.LoadedModule;
import dev.relib.runtime.Relib;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

/**
 * The benchmarked module, loaded each way the benchmarks compare: by a bare {@link URLClassLoader}
 * (the direct call's object), by relib, and by PF4J. All three load the same jar.
 */
public final class Subjects {
  /** The module class, loaded by name: it is never on the host's class path. */
  public static final String MODULE_CLASS = "dev.relib.benchmarks.module.WorkModule";

  /** The module jar's PF4J plugin id (its manifest's Plugin-Id). */
  public static final String PLUGIN_ID = "bench-module";

  private Subjects() {}

  /**
   * The module jar: {@code -Dbench.module=<jar>}, or {@code modules/bench-module.jar} next to the
   * benchmarks jar, where the build puts it.
   */
  public static Path moduleJar() {
    String configured = System.getProperty("bench.module");
    if (configured != null) {
      return Path.of(configured);
    }
    Path jar = Path.of(location()).resolveSibling("modules").resolve("bench-module.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no module jar at " + jar + ": build with `mvn -B install -DskipTests` or pass -Dbench.module");
    }
    return jar;
  }

  private static java.net.URI location() {
    try {
      return Subjects.class.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A bare loader, the parent being the host's: what a hand-rolled plugin system does. */
  public static URLClassLoader bareLoader(Path jar) {
    try {
      return new URLClassLoader("bare", new URL[] {jar.toUri().toURL()}, Subjects.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(jar.toString(), e);
    }
  }

  /** The module's own object, created in {@code loader}: calling it is the direct call. */
  public static Work direct(ClassLoader loader) {
    try {
      return (Work) loader.loadClass(MODULE_CLASS).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + MODULE_CLASS, e);
    }
  }

  /** The module loaded by relib, with or without the context-class-loader switch on each call. */
  public static LoadedModule<Work> relib(Relib relib, Path jar, boolean switchContextClassLoader) {
    return relib.module(Work.class).switchContextClassLoader(switchContextClassLoader).load(jar);
  }

  /** The module loaded by relib with the defaults: the load decides the switch. */
  public static LoadedModule<Work> relibDefault(Relib relib, Path jar) {
    return relib.module(Work.class).load(jar);
  }

  /**
   * A PF4J plugin manager over a directory holding only the module jar (PF4J loads every plugin
   * of its root).
   */
  public static PluginManager pf4j(Path jar, Path root) {
    try {
      Files.createDirectories(root);
      Path plugin = root.resolve(jar.getFileName());
      if (!Files.exists(plugin)) {
        Files.copy(jar, plugin);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DefaultPluginManager(root);
  }

  /** Loads and starts every plugin of {@code manager}, then returns the one extension found. */
  public static Pf4jWork startPf4j(PluginManager manager) {
    manager.loadPlugins();
    manager.startPlugins();
    List<Pf4jWork> extensions = manager.getExtensions(Pf4jWork.class);
    if (extensions.size() != 1) {
      throw new IllegalStateException("PF4J found " + extensions.size() + " extensions of Pf4jWork");
    }
    return extensions.get(0);
  }

  /**
   * Stops and unloads the module's plugin, one plugin at a time: {@code stopPlugins()} of PF4J
   * 3.15 throws ConcurrentModificationException with a started plugin.
   */
  public static void stopPf4j(PluginManager manager) {
    manager.stopPlugin(PLUGIN_ID);
    if (!manager.unloadPlugin(PLUGIN_ID)) {
      throw new IllegalStateException("PF4J did not unload " + PLUGIN_ID);
    }
  }
}
