package dev.relib.runtime;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.relib.runtime.internal.threads.Daemons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches a module's jar or classes directory and calls back once the files have been quiet for a
 * while: a build writes many files, and the module is loaded from the last of them.
 *
 * <p>The parent directory is watched too, so that a build that deletes the whole directory (or
 * replaces the jar by a rename) and writes it again is followed: the tree is registered again when
 * it reappears. When the parent goes too (a clean build deleting {@code target/}), its nearest
 * existing ancestor is watched until the path down to the source exists again. Runs on one daemon
 * thread of its own; the callback runs on that thread, so a reload never overlaps another.
 */
final class SourceWatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SourceWatcher.class.getName());

  /** What the watcher calls, on its thread, once the files have been quiet. */
  interface Callback {
    /**
     * The files are quiet.
     *
     * @param lastChance true when an earlier call found the build unfinished and nothing was
     *     written since, for the build grace: the build is as done as it will be
     * @return false if the build looks unfinished: the watcher calls again after the build's next
     *     write, or with {@code lastChance} once the build grace has passed without one
     */
    boolean quiet(boolean lastChance);
  }

  private final Path source;
  private final Path parent;
  private final Duration quietPeriod;
  private final Duration buildGrace;
  private final Callback onChange;
  private final WatchService service;
  private final Map<WatchKey, Path> keys = new HashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private final boolean unfinishedAtStart;
  private final List<Path> files;

  SourceWatcher(
      Path source,
      Duration quietPeriod,
      Duration buildGrace,
      Callback onChange,
      String threadName) {
    this(source, List.of(), quietPeriod, buildGrace, onChange, threadName, false);
  }

  /**
   * @param files more files whose changes count as the source's (a module's library jars)
   * @param unfinished whether the files were just found half-built: the callback is then called
   *     with {@code lastChance} once the build grace passes without a write
   */
  SourceWatcher(
      Path source,
      List<Path> files,
      Duration quietPeriod,
      Duration buildGrace,
      Callback onChange,
      String threadName,
      boolean unfinished) {
    this.unfinishedAtStart = unfinished;
    this.files = files.stream().map(file -> file.toAbsolutePath().normalize()).toList();
    this.source = source.toAbsolutePath().normalize();
    this.parent = this.source.getParent();
    this.quietPeriod = quietPeriod;
    this.buildGrace = buildGrace;
    this.onChange = onChange;
    try {
      this.service = FileSystems.getDefault().newWatchService();
      register(parent, false);
      registerSource();
      registerLibraryDirectories();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + this.source, e);
    }
    this.thread = Daemons.start(threadName, this::run);
  }

  private void registerSource() throws IOException {
    if (!Files.isDirectory(source)) {
      return; // a jar: the parent's events name it
    }
    try (Stream<Path> dirs = Files.walk(source)) {
      for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        register(dir, true);
      }
    } catch (UncheckedIOException | IOException e) {
      // The build is rewriting the tree under us; its next event brings us back here.
      LOG.log(System.Logger.Level.DEBUG, "re-registering " + source + " later", e);
    }
  }

  /**
   * Watches the parent, or when it was deleted, its nearest existing ancestor and every directory
   * from there down to the parent that exists again.
   */
  private void watchParent() throws IOException {
    List<Path> chain = new ArrayList<>();
    for (Path dir = parent; dir != null; dir = dir.getParent()) {
      chain.add(dir);
      if (Files.isDirectory(dir)) {
        break;
      }
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      try {
        register(chain.get(i), false);
      } catch (java.nio.file.NoSuchFileException e) {
        return; // deleted again: the ancestor's next event brings us back here
      }
    }
  }

  private void register(Path dir, boolean inSource) throws IOException {
    try {
      keys.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
    } catch (java.nio.file.NoSuchFileException e) {
      if (!inSource) {
        throw e;
      }
    }
  }

  private void run() {
    // When an unfinished build counts as done (System.nanoTime); 0 while none is pending.
    long unfinishedUntil = unfinishedAtStart ? System.nanoTime() + buildGrace.toNanos() : 0;
    try {
      while (!closed) {
        WatchKey first;
        if (unfinishedUntil == 0) {
          first = service.take();
        } else {
          first = service.poll(unfinishedUntil - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (first == null) {
            unfinishedUntil = 0;
            call(true);
            continue;
          }
        }
        boolean relevant = drain(first);
        // Quiet period: keep collecting until nothing arrives for quietPeriod.
        long quietNanos = quietPeriod.toNanos();
        WatchKey next;
        while ((next = service.poll(quietNanos, TimeUnit.NANOSECONDS)) != null) {
          relevant |= drain(next);
        }
        if (relevant && !closed && !call(false)) {
          unfinishedUntil = System.nanoTime() + buildGrace.toNanos();
          LOG.log(
              System.Logger.Level.DEBUG,
              "{0} looks half-built: waiting up to {1} ms for the build to write again",
              source,
              buildGrace.toMillis());
        } else if (relevant) {
          unfinishedUntil = 0;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  /** Whether the callback is done with this state of the files. */
  private boolean call(boolean lastChance) {
    if (closed) {
      return true;
    }
    try {
      return onChange.quiet(lastChance);
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.ERROR, "reload of " + source + " failed", e);
      return true;
    }
  }

  /** Handles one key's events; whether any of them concerns the module's files. */
  private boolean drain(WatchKey key) {
    try {
      return drainKey(key);
    } catch (RuntimeException e) {
      // The watching goes on: a watcher that died would leave the module unwatched, unsaid.
      LOG.log(System.Logger.Level.WARNING, "watching " + source + ": an event failed", e);
      return true;
    }
  }

  private boolean drainKey(WatchKey key) {
    Path dir = keys.get(key);
    if (dir == null) {
      // A key cancelled when its directory was deleted, signalled once more: the directory, if
      // written again, has a key of its own.
      key.pollEvents();
      return false;
    }
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW) {
        relevant = true;
        continue;
      }
      Path changed = dir.resolve((Path) event.context());
      if (files.contains(changed)) {
        relevant = true; // a library jar written again
      } else if (event.kind() == ENTRY_CREATE && holdsALibrary(changed)) {
        // A library's directory written again (a clean build's target/lib): watch it anew.
        try {
          register(changed, true);
        } catch (IOException e) {
          LOG.log(System.Logger.Level.DEBUG, "cannot watch " + changed + " yet", e);
        }
        relevant = true;
      } else if (changed.startsWith(source)) {
        relevant |= !writtenBeforeTheClasses(changed);
        if (event.kind() == ENTRY_CREATE && Files.isDirectory(changed)) {
          // A new subdirectory (or the source directory itself, written again): watch it too.
          try {
            if (changed.equals(source)) {
              registerSource();
            } else {
              try (Stream<Path> dirs = Files.walk(changed)) {
                for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                  register(d, true);
                }
              }
            }
          } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot watch " + changed + " yet", e);
          }
        }
      } else if (event.kind() == ENTRY_CREATE
          && parent.startsWith(changed)
          && Files.isDirectory(changed)) {
        // An ancestor of the source written again: follow the path down to the source.
        relevant |= watchAgain();
      }
    }
    if (!key.reset()) {
      keys.remove(key);
      if (parent.startsWith(dir)) {
        relevant |= watchAgain(); // the parent or an ancestor was deleted
      }
    }
    return relevant;
  }

  /** Watches the directories of the library files that exist now. */
  private void registerLibraryDirectories() throws IOException {
    for (Path file : files) {
      if (file.getParent() != null && Files.isDirectory(file.getParent())) {
        register(file.getParent(), true);
      }
    }
  }

  private boolean holdsALibrary(Path dir) {
    for (Path file : files) {
      if (dir.equals(file.getParent())) {
        return true;
      }
    }
    return false;
  }

  /** Watches the path down to the source again; whether the source exists already. */
  private boolean watchAgain() {
    try {
      watchParent();
      if (Files.isDirectory(parent)) {
        registerSource();
      }
      registerLibraryDirectories();
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot watch " + parent + " yet", e);
    }
    return Files.exists(source);
  }

  /**
   * Whether a file is one that a compiler writes while it processes annotations, long before it
   * writes the classes: relib's stub marker and generated sources. Waiting for the classes instead
   * saves loading a half-built version.
   */
  private boolean writtenBeforeTheClasses(Path changed) {
    String relative = source.relativize(changed).toString().replace('\\', '/');
    return relative.startsWith(dev.relib.bridge.ModuleStub.STUB_RESOURCE_DIRECTORY)
        || relative.endsWith(".java");
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the watch service of " + source, e);
    }
    if (Thread.currentThread() != thread) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
