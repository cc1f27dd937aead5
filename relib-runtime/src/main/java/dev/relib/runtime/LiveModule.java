package dev.relib.runtime;

import dev.relib.bridge.Bridge;
import dev.relib.runtime.internal.threads.Daemons;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A module that reloads itself when its jar or classes directory changes, behind one object that
 * the host keeps for its whole life.
 *
 * <p>{@link #exports()} returns a host-side bridge that forwards to whichever version serves now.
 * When the files change and then stay quiet for the quiet period (a build writes many files), the
 * new version is loaded beside the old one. If it loads, new calls go to it at once and the old
 * version is unloaded in the background once the calls it is serving have finished; if it does not
 * (a compile error, an API mismatch, a constructor that threw), the old version keeps serving.
 * Either way the listeners hear of it ({@link ReloadEvent}). No call fails because of a reload.
 *
 * <p>A reload on a change waits for the build to finish: when the files look half-built (see {@link
 * #BUILD_GRACE}), it waits for the build's next write and tries again, and reports {@link
 * ReloadEvent.Failed} only if the files stay so for the build grace. A build's pause is never
 * reported as a failure; an explicit {@link #reload()} reports what it finds at once.
 *
 * <p>What a version keeps in its objects does not survive a reload: each version starts from its
 * constructor, unless the module keeps a state ({@code dev.relib.KeepsState}): then calls pause
 * while the old version's calls finish and it hands its state to the new version, which serves only
 * once it has received it (see {@link StatePolicy} for when it cannot). Handles a version returned
 * ({@code @Exports} objects) are revoked with it.
 *
 * @param <T> the module's {@code @Exports} interface
 */
public final class LiveModule<T> implements AutoCloseable {
  // Long, as one reload (a half-built build deferred, the state handed over, the stable bridge
  // switched, the replaced version unloaded) works on the fields its two locks guard, which a
  // split would have to share; the hand-over itself is StateHandOver's.
  /**
   * How long the files must stay unchanged before a reload: long enough for a compiler writing a
   * directory of classes, short enough that the new version serves within a blink.
   */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(50);

  /**
   * How long a build that looks half-done when the files go quiet (its source gone, no stub yet, a
   * jar cut short or a class file truncated, a class the stub needs not written yet) is given to
   * write again before the reload counts as failed. Maven pauses 0.5 to 0.75 s between deleting a
   * module's classes and writing them back; a reload on a change never reports such a pause.
   */
  public static final Duration BUILD_GRACE = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(LiveModule.class.getName());

  /** One loaded version of the module. */
  record Version<T>(int number, LoadedModule<T> module) {}

  private final ModuleBuilder<T> spec;
  private final Path source;
  private final String name;
  private final LiveContext context;
  private final Bridge bridge;
  private final T exports;
  private final List<Consumer<? super ReloadEvent>> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService unloads;
  private final SourceWatcher watcher;

  // Serializes reloads; held while a new version loads, which may take as long as its constructor.
  private final Object reloading = new Object();
  // Guards the version serving and the closed flag; never held while a module loads or unloads,
  // so that close() does not wait for a reload that hangs.
  private final Object lock = new Object();
  private Version<T> current;
  private int attempts;
  // The attempt a half-built state deferred, its outcome not published yet (under reloading).
  private int deferred;
  private boolean closed;

  LiveModule(ModuleBuilder<T> spec, Path source, Duration quietPeriod, Duration buildGrace) {
    this.spec = spec;
    this.source = source;
    LoadedModule<T> first = spec.load(source); // a LoadException reaches the caller
    this.name = first.name();
    this.current = new Version<>(1, first);
    this.attempts = 1;
    this.context = new LiveContext(name);
    this.bridge = context.newBridge(spec.hostBridge(), spec.exportsType(), first.exports());
    this.exports = spec.exportsType().cast(bridge);
    this.unloads = Executors.newSingleThreadExecutor(Daemons.factory("relib-unload:" + name));
    this.watcher =
        new SourceWatcher(
            source,
            first.libraryFiles(),
            quietPeriod,
            buildGrace,
            this::reloadOnChange,
            "relib-watch:" + name,
            false);
  }

  /** The one object the host calls, whichever version serves. */
  public T exports() {
    return exports;
  }

  /** The module's name. */
  public String name() {
    return name;
  }

  /** The jar or classes directory watched. */
  public Path source() {
    return source;
  }

  /** The version serving now. */
  public int version() {
    synchronized (lock) {
      return current.number();
    }
  }

  /** The class loader name of the version serving now. */
  String loaderName() {
    synchronized (lock) {
      return current.module().loaderName();
    }
  }

  /**
   * Whether calls into the version serving now switch the thread's context class loader, and why;
   * each version decides at its load (see {@link LoadedModule#contextLoaderSwitch()}).
   */
  public ContextLoaderSwitch contextLoaderSwitch() {
    synchronized (lock) {
      return current.module().contextLoaderSwitch();
    }
  }

  /**
   * Adds a listener. Listeners run on the runtime's threads (the watcher's, or the caller's of
   * {@link #reload()}, or the background unload's) and should return quickly; one that throws is
   * logged and the others still run.
   */
  public void onEvent(Consumer<? super ReloadEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Reloads now, without waiting for a change on disk: returns {@link ReloadEvent.Reloaded} or
   * {@link ReloadEvent.Failed}. The old version is unloaded in the background, as on a change.
   *
   * @throws IllegalStateException if the live module is closed
   */
  public ReloadEvent reload() {
    synchronized (reloading) {
      return reload(false);
    }
  }

  /**
   * One attempt, under the reloading lock; null if {@code mayWait} and the files look half-built,
   * with no outcome published yet (the next attempt carries the same number).
   *
   * @throws IllegalStateException if closed, before or while the version loaded
   */
  private ReloadEvent reload(boolean mayWait) {
    int number;
    synchronized (lock) {
      if (closed) {
        throw closedException();
      }
      number = deferred != 0 ? deferred : ++attempts;
    }
    // An attempt that may be deferred announces itself once it knows it is not: a build that is
    // waited for, or a source removed for good, leaves no Started without an outcome.
    if (!mayWait) {
      publish(new ReloadEvent.Started(name, number, source));
    }
    long start = System.nanoTime();
    LoadedModule<T> loaded;
    try {
      loaded = spec.load(source);
    } catch (LoadException e) {
      if (mayWait && halfBuilt(e)) {
        deferred = number;
        LOG.log(
            System.Logger.Level.DEBUG,
            "{0} version {1} waits for its build: {2}",
            name,
            number,
            e.getMessage());
        return null;
      }
      deferred = 0;
      if (mayWait) {
        publish(new ReloadEvent.Started(name, number, source));
      }
      ReloadEvent failed = new ReloadEvent.Failed(name, number, e);
      publish(failed);
      return failed;
    }
    deferred = 0;
    long loadTime = System.nanoTime() - start;
    if (mayWait) {
      publish(new ReloadEvent.Started(name, number, source));
    }
    Version<T> serving;
    synchronized (lock) {
      serving = closed ? null : current;
    }
    StateHandOver.Outcome handOver = serving == null ? null : handOver(serving, loaded);
    boolean keepOld = handOver != null && handOver.keepsOld(spec.statePolicy());
    Version<T> old; // null when closed meanwhile: close() revoked the stable bridge
    synchronized (lock) {
      old = closed ? null : serving;
      if (old != null && keepOld) {
        context.switchTo(bridge, old.module().exports());
      } else if (old != null) {
        current = new Version<>(number, loaded);
        context.switchTo(bridge, loaded.exports());
      }
    }
    if (handOver != null) {
      handOver.release(); // the parked calls go where new calls go now
    }
    if (old == null || keepOld) {
      // Closed while this version loaded (nothing will call it, and close did not see it), or
      // refused the old version's state: it never serves.
      UnloadReport report = discard(loaded);
      if (report != null) {
        publish(new ReloadEvent.Unloaded(name, number, report));
      }
      if (old == null) {
        throw closedException();
      }
      ReloadEvent failed =
          new ReloadEvent.Failed(
              name,
              number,
              new LoadException(
                  LoadException.Reason.STATE_REFUSED,
                  "version "
                      + number
                      + " of module '"
                      + name
                      + "' did not take the state of version "
                      + old.number()
                      + ", which keeps serving: "
                      + handOver.refused().getMessage(),
                  handOver.refused()));
      publish(failed);
      return failed;
    }
    ReloadEvent reloaded =
        new ReloadEvent.Reloaded(
            name,
            number,
            loaded.loaderName(),
            Duration.ofNanos(loadTime),
            Duration.ofNanos(System.nanoTime() - start),
            handOver.reported(),
            handOver.refused() == null ? "" : handOver.refused().getMessage());
    publish(reloaded);
    try {
      unloads.execute(() -> unloadReplaced(old));
    } catch (RejectedExecutionException e) {
      unloadReplaced(old); // closed since the switch: close unloads the new version only
    }
    return reloaded;
  }

  /**
   * Hands the old version's state to the new one ({@link StateHandOver#hand}): decided from the
   * stubs first; when the state passes, new calls park while the old version's calls finish, its
   * state is saved, checked and restored. The parked calls stay parked, to be released once the
   * stable bridge points where they go.
   */
  private StateHandOver.Outcome handOver(Version<T> old, LoadedModule<T> next) {
    StateHandOver.Outcome handed =
        StateHandOver.hand(
            name,
            old.module(),
            next,
            spec.unloadOptions(),
            spec.exportsType(),
            bridge,
            target -> {
              synchronized (lock) {
                if (!closed) {
                  context.switchTo(bridge, target);
                }
              }
            },
            old.module().exports());
    if (handed.refused() != null) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0} version {1}: {2}",
          name,
          old.number(),
          (handed.keepsOld(spec.statePolicy()) ? "keeps serving; " : "starts fresh; ")
              + handed.refused().getMessage());
    }
    return handed;
  }

  /**
   * What a build leaves between its first write and its last: the source gone, no stub yet, a jar
   * cut short, a class truncated or not written yet. A finished build never looks like this unless
   * it is broken, and then it stays so for the build grace.
   */
  static boolean halfBuilt(LoadException e) {
    return switch (e.reason()) {
      case NOT_FOUND, NO_STUB, MALFORMED -> true;
      case API_MISMATCH, VERSION_MISMATCH, CONSTRUCTOR_THREW ->
          e.getCause() instanceof ModuleException cause
              && (cause.remoteClassName().equals(NoClassDefFoundError.class.getName())
                  || cause.remoteClassName().equals(ClassFormatError.class.getName()));
      default -> false;
    };
  }

  private boolean reloadOnChange(boolean lastChance) {
    synchronized (reloading) {
      try {
        return reload(!lastChance) != null;
      } catch (IllegalStateException e) {
        // Closed meanwhile (this live module or its runtime): nothing more to reload.
        LOG.log(System.Logger.Level.DEBUG, "reload of " + name + " after close: " + e.getMessage());
        return true;
      }
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("live module '" + name + "' is closed");
  }

  /** Unloads a version nobody calls, proceeding past its threads; null if that failed. */
  private UnloadReport discard(LoadedModule<T> version) {
    try {
      return version.unload(spec.unloadOptions().withProceedWithRunningThreads(true));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "unload of " + name + " after close failed", e);
      return null;
    }
  }

  /**
   * Unloads a replaced version. Its threads may still run (a module that does not stop what it
   * started): the new version already serves, so the unload proceeds and the report names them.
   */
  private void unloadReplaced(Version<T> old) {
    UnloadReport report;
    try {
      report =
          old.module().unloadReplaced(spec.unloadOptions().withProceedWithRunningThreads(true));
    } catch (UnloadException e) {
      report = e.report();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "unload of " + name + " version " + old.number(), e);
      return;
    }
    publish(new ReloadEvent.Unloaded(name, old.number(), report));
  }

  private void publish(ReloadEvent event) {
    for (Consumer<? super ReloadEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a listener of " + name + " threw on: " + event, e);
      }
    }
  }

  /**
   * Stops watching, lets the replaced versions finish unloading, and unloads the version serving
   * now. A reload under way is not waited for: the version it loads is unloaded as soon as its load
   * returns. Afterwards calls through {@link #exports()} fail with {@link ModuleUnloadedException}.
   * The listeners hear of it too ({@link ReloadEvent.Unloaded}). Calling it again returns the same
   * report.
   *
   * @return the report of the last version's unload
   * @throws UnloadException if threads still run the last version's code (see {@link
   *     LoadedModule#unload()}); calling again retries
   * @throws ReentrantUnloadException if this thread runs the serving version's code (nothing is
   *     changed)
   */
  public UnloadReport unload() {
    Version<T> serving;
    synchronized (lock) {
      serving = current;
    }
    if (serving.module().state() != LoadedModule.State.UNLOADED) {
      serving.module().refuseOnModuleThread("unload of the live module");
    }
    Version<T> last;
    boolean first;
    synchronized (lock) {
      first = !closed;
      closed = true;
      last = current;
    }
    if (first) {
      watcher.close();
      context.close();
      unloads.shutdown();
      try {
        if (!unloads.awaitTermination(1, TimeUnit.MINUTES)) {
          LOG.log(System.Logger.Level.WARNING, "replaced versions of " + name + " still unloading");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    UnloadReport report = last.module().unload();
    spec.forget(this);
    if (first) {
      publish(new ReloadEvent.Unloaded(name, last.number(), report));
    }
    return report;
  }

  /**
   * {@link #unload() Unloads} unless already unloaded, for try-with-resources. A failed unload is
   * logged with its report rather than thrown.
   */
  @Override
  public void close() {
    try {
      UnloadReport report = unload();
      if (report.collection() == UnloadReport.Collection.NOT_COLLECTED) {
        LOG.log(System.Logger.Level.WARNING, "{0}", report);
      }
    } catch (UnloadException e) {
      LOG.log(System.Logger.Level.WARNING, "{0}", e.report());
    }
  }

  @Override
  public String toString() {
    return "LiveModule[" + name + ", " + source + ", version " + version() + "]";
  }
}
