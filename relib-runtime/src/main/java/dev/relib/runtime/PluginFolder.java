package dev.relib.runtime;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
  private final WatchService service;
  private final Thread thread;

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
    try {
      service = FileSystems.getDefault().newWatchService();
      this.folder.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + this.folder, e);
    }
    thread = new Thread(this::run, "relib-plugins:" + this.folder.getFileName());
    thread.setDaemon(true);
  }

  /** Loads what the folder holds now and starts watching it; listeners added before hear it. */
  PluginFolder<T> start() {
    scan();
    thread.start();
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

  /** The plugins loaded now, by name: each one's exports object serves whichever version is live. */
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
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      waiting.values().forEach(SourceWatcher::close);
      waiting.clear();
      unload = new ArrayList<>(plugins.values());
      plugins.clear();
    }
    try {
      service.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the watch service of " + folder, e);
    }
    if (Thread.currentThread() != thread) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    unload.forEach(LiveModule::close);
    spec.forget(this);
  }

  private void run() {
    try {
      while (!closed) {
        WatchKey key = service.take();
        do {
          key.pollEvents();
          key.reset();
        } while ((key = service.poll(quietPeriod.toNanos(), TimeUnit.NANOSECONDS)) != null);
        scan();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.ERROR, "watching plugin folder " + folder + " failed", e);
    }
  }

  /** Starts what appeared, unloads what disappeared. */
  private void scan() {
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
      if (!start(path, true)) {
        synchronized (lock) {
          if (!closed && !plugins.containsKey(path)) {
            waiting.put(
                path,
                new SourceWatcher(
                    path,
                    List.of(),
                    quietPeriod,
                    buildGrace,
                    lastChance -> start(path, !lastChance),
                    "relib-plugin-wait:" + path.getFileName(),
                    true));
          }
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

  /**
   * Tries to load a plugin; whether the attempt is over (loaded, or failed and reported). False
   * when its files look half-written and {@code mayWait}: nothing is reported yet.
   */
  private boolean start(Path path, boolean mayWait) {
    synchronized (lock) {
      if (closed || plugins.containsKey(path)) {
        return true;
      }
    }
    String name = pluginName(path);
    publish(new ReloadEvent.Started(name, 1, path));
    long start = System.nanoTime();
    LiveModule<T> plugin;
    try {
      plugin = spec.watch(path, quietPeriod, buildGrace);
    } catch (LoadException e) {
      if (mayWait && LiveModule.halfBuilt(e)) {
        return false;
      }
      publish(new ReloadEvent.Failed(name, 1, e));
      return true; // its watcher tries again when its files change
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    SourceWatcher done;
    synchronized (lock) {
      if (closed) {
        plugin.close();
        return true;
      }
      plugins.put(path, plugin);
      done = waiting.remove(path);
    }
    plugin.onEvent(this::publish);
    publish(new ReloadEvent.Reloaded(plugin.name(), 1, plugin.loaderName(), took, took));
    if (done != null) {
      done.close();
    }
    return true;
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
