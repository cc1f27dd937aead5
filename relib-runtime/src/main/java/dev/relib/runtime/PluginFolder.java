package dev.relib.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A folder of plugins: each jar, zip or directory in it is a module of the same {@code @Exports}
 * interface, loaded when it appears, reloaded when it changes (as a {@link LiveModule}), and
 * unloaded when it is removed. A plugin is named after its file, without {@code .jar} or {@code
 * .zip}. One that fails to load is reported ({@link ReloadEvent.Failed}) and tried again when its
 * files change; it never stops the others.
 *
 * <p>Listeners hear every plugin's events: {@link ReloadEvent.Started} and {@link
 * ReloadEvent.Reloaded} (version 1) when a plugin first loads, then its live module's events, and
 * {@link ReloadEvent.Unloaded} with its unload report when it is removed or the folder closed.
 * Files whose names start with a dot, and files that are neither jars nor zips, are not plugins.
 *
 * @param <T> the plugins' {@code @Exports} interface
 */
public final class PluginFolder<T> implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PluginFolder.class.getName());

  private final ModuleBuilder<T> spec;
  private final Path folder;
  private final Duration quietPeriod;
  private final Duration buildGrace;
  private final List<Consumer<? super ReloadEvent>> listeners = new CopyOnWriteArrayList<>();
  private SourceWatcher watcher;

  // Serializes scans: the first one, on the caller's thread, and the watcher's.
  private final Object scanning = new Object();
  private final Object lock = new Object();
  private final Map<Path, LiveModule<T>> plugins = new LinkedHashMap<>();
  // Plugins that have not loaded yet, each watched until it does or disappears.
  private final Map<Path, SourceWatcher> waiting = new LinkedHashMap<>();
  private boolean closed;

  PluginFolder(ModuleBuilder<T> spec, Path folder, Duration quietPeriod, Duration buildGrace) {
    this.spec = spec;
    this.folder = folder.toAbsolutePath().normalize();
    this.quietPeriod = quietPeriod;
    this.buildGrace = buildGrace;
    if (!Files.isDirectory(this.folder)) {
      throw new LoadException(
          LoadException.Reason.NOT_FOUND,
          "plugin folder " + this.folder + " is not a directory: create it, or pass another");
    }
  }

  /**
   * Starts watching the folder, then loads what it holds now. A change during that first scan
   * brings another once the files are quiet.
   */
  PluginFolder<T> start() {
    SourceWatcher started =
        new SourceWatcher(
            folder,
            quietPeriod,
            buildGrace,
            lastChance -> {
              scan();
              return true;
            },
            "relib-plugins:" + folder.getFileName());
    synchronized (lock) {
      if (closed) {
        started.close();
        return this;
      }
      watcher = started;
    }
    scan();
    return this;
  }

  /**
   * Adds a listener of every plugin's events. Listeners run on the runtime's threads and should
   * return quickly; one that throws is logged and the others still run.
   */
  public void onEvent(Consumer<? super ReloadEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The folder watched. */
  public Path folder() {
    return folder;
  }

  /**
   * The plugins loaded now, by name: each one's exports object serves whichever version is live.
   */
  public Map<String, T> exports() {
    Map<String, T> exports = new LinkedHashMap<>();
    synchronized (lock) {
      for (LiveModule<T> plugin : plugins.values()) {
        exports.put(plugin.name(), plugin.exports());
      }
    }
    return exports;
  }

  /** The plugins loaded now. */
  public List<LiveModule<T>> plugins() {
    synchronized (lock) {
      return List.copyOf(plugins.values());
    }
  }

  /** The plugins found but not loaded (each failed, and waits for its files to change). */
  public List<Path> waiting() {
    synchronized (lock) {
      return List.copyOf(waiting.keySet());
    }
  }

  /** Stops watching and unloads every plugin; each report reaches the listeners. */
  @Override
  public void close() {
    List<LiveModule<T>> unload;
    SourceWatcher stopped;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      waiting.values().forEach(SourceWatcher::close);
      waiting.clear();
      unload = new ArrayList<>(plugins.values());
      plugins.clear();
      stopped = watcher;
    }
    if (stopped != null) {
      stopped.close();
    }
    unload.forEach(LiveModule::close);
    spec.forget(this);
  }

  /** Starts what appeared, unloads what disappeared. */
  private void scan() {
    synchronized (scanning) {
      scanNow();
    }
  }

  private void scanNow() {
    List<Path> present;
    try (Stream<Path> list = Files.list(folder)) {
      present = list.filter(PluginFolder::isPlugin).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot list plugin folder " + folder, e);
      return;
    }
    List<LiveModule<T>> removed = new ArrayList<>();
    List<Path> added = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (Path path : new ArrayList<>(plugins.keySet())) {
        if (!present.contains(path)) {
          removed.add(plugins.remove(path));
        }
      }
      for (Path path : new ArrayList<>(waiting.keySet())) {
        if (!present.contains(path)) {
          waiting.remove(path).close();
        }
      }
      for (Path path : present) {
        if (!plugins.containsKey(path) && !waiting.containsKey(path)) {
          added.add(path);
        }
      }
    }
    for (LiveModule<T> plugin : removed) {
      plugin.close();
    }
    for (Path path : added) {
      Attempt attempt = start(path, true);
      if (attempt == Attempt.LOADED) {
        continue;
      }
      // Watched on its own until it loads: tried again when its files change, or reported once
      // the build grace passes if it looked half-written.
      synchronized (lock) {
        if (!closed && !plugins.containsKey(path)) {
          waiting.put(
              path,
              new SourceWatcher(
                  path,
                  List.of(),
                  quietPeriod,
                  buildGrace,
                  lastChance -> start(path, !lastChance) != Attempt.DEFERRED,
                  "relib-plugin-wait:" + path.getFileName(),
                  attempt == Attempt.DEFERRED));
        }
      }
    }
  }

  private static boolean isPlugin(Path path) {
    String name = path.getFileName().toString();
    if (name.startsWith(".")) {
      return false;
    }
    return Files.isDirectory(path) || name.endsWith(".jar") || name.endsWith(".zip");
  }

  /** What an attempt at a plugin came to. */
  private enum Attempt {
    LOADED,
    FAILED,
    /** Its files look half-written: nothing reported yet. */
    DEFERRED
  }

  /**
   * Tries to load a plugin. Its {@link ReloadEvent.Started} is published with the outcome, once the
   * attempt is known not to wait for the files, so that every Started has one.
   */
  private Attempt start(Path path, boolean mayWait) {
    synchronized (lock) {
      if (closed || plugins.containsKey(path)) {
        return Attempt.LOADED;
      }
    }
    String name = pluginName(path);
    long start = System.nanoTime();
    LiveModule<T> plugin;
    try {
      plugin = spec.watch(path, quietPeriod, buildGrace);
    } catch (LoadException e) {
      if (mayWait && LiveModule.halfBuilt(e)) {
        return Attempt.DEFERRED;
      }
      publish(new ReloadEvent.Started(name, 1, path));
      publish(new ReloadEvent.Failed(name, 1, e));
      return Attempt.FAILED;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    SourceWatcher done;
    synchronized (lock) {
      if (closed) {
        plugin.close();
        return Attempt.LOADED;
      }
      plugins.put(path, plugin);
      done = waiting.remove(path);
    }
    plugin.onEvent(this::publish);
    publish(new ReloadEvent.Started(plugin.name(), 1, path));
    publish(
        new ReloadEvent.Reloaded(
            plugin.name(), 1, plugin.loaderName(), took, took, ReloadEvent.StateOutcome.NONE, ""));
    if (done != null) {
      done.close();
    }
    return Attempt.LOADED;
  }

  private static String pluginName(Path path) {
    return ModuleBuilder.defaultName(path);
  }

  private void publish(ReloadEvent event) {
    for (Consumer<? super ReloadEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a listener of " + folder + " threw on: " + event, e);
      }
    }
  }

  @Override
  public String toString() {
    return "PluginFolder[" + folder + ", " + exports().keySet() + "]";
  }
}
