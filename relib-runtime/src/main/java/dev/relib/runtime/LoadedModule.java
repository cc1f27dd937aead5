package dev.relib.runtime;

import dev.relib.bridge.Bridge;
import dev.relib.runtime.internal.threads.ThreadScan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A module loaded into its own class loader: its exports, as a host-side bridge, and its unload.
 *
 * <p>Thread-safe. Calls through {@link #exports()} may run on any thread, also while another thread
 * unloads: each either completes or fails with {@link ModuleUnloadedException}.
 *
 * @param <T> the module's {@code @Exports} interface
 */
public final class LoadedModule<T> {
  /** Where a module is in its life. */
  public enum State {
    /** Calls run. */
    LOADED,
    /** An unload is running: new calls fail. */
    UNLOADING,
    /** An unload stopped early; calls fail, and {@link #unload()} may be called again. */
    UNLOAD_FAILED,
    /** Unloaded: calls fail, the loader is closed. */
    UNLOADED
  }

  private final Relib relib;
  private final String name;
  private final Path source;
  private final T exports;
  private final List<String> warnings;
  private final ContextLoaderSwitch contextLoaderSwitch;
  private final List<Path> libraryFiles;
  private final Unloader unloader;
  private final KeptState keptState;
  // Serializes unloads, which may take the drain, thread and proof timeouts: a lock of its own, so
  // that no host code synchronizing on this object can stall or be stalled by one.
  private final Object unloading = new Object();
  private volatile State state = State.LOADED;
  private UnloadReport report;

  LoadedModule(
      Relib relib,
      String name,
      Path source,
      T exports,
      List<String> warnings,
      ContextLoaderSwitch contextLoaderSwitch,
      List<Path> libraryFiles,
      Unloader unloader,
      KeptState keptState) {
    this.relib = relib;
    this.name = name;
    this.source = source;
    this.exports = exports;
    this.warnings = List.copyOf(warnings);
    this.contextLoaderSwitch = contextLoaderSwitch;
    this.libraryFiles = List.copyOf(libraryFiles);
    this.unloader = unloader;
    this.keptState = keptState;
  }

  /** The state the module keeps across reloads; null if it keeps none. */
  KeptState keptState() {
    return keptState;
  }

  /**
   * Hands this version's state ({@code dev.relib.KeepsState}) to {@code next}, a later version of
   * the same module loaded beside it, then unloads this version with the runtime's options: what a
   * {@link LiveModule} does at a reload, for a host that holds its versions itself.
   *
   * <p>Calls through {@link #exports()} wait while the calls in flight finish and the state passes
   * ({@link StateHandOver}). Once it has passed, they fail with {@link ModuleUnloadedException}:
   * the host calls {@code next} from then on. When it cannot pass, this version keeps serving with
   * its state untouched, the waiting calls go on in it, and nothing is unloaded. Handles this
   * version returned are not paused; they are revoked by the unload.
   *
   * @return the report of this version's unload
   * @throws StateHandOverException why the state did not pass; this version still serves
   * @throws IllegalStateException if this version keeps no state or is not loaded
   * @throws IllegalArgumentException if {@code next} is this version or is not loaded
   * @throws UnloadException as {@link #unload()} does, after the state passed
   * @throws ReentrantUnloadException if this thread runs this version's code (nothing is changed)
   */
  public UnloadReport handOverTo(LoadedModule<T> next) {
    Objects.requireNonNull(next, "next");
    if (next == this || next.state() != State.LOADED) {
      throw new IllegalArgumentException(
          "the state of module '"
              + name
              + "' can pass only to another loaded version, not to "
              + (next == this ? "itself" : next));
    }
    if (keptState == null || state != State.LOADED) {
      throw new IllegalStateException(
          keptState == null
              ? "module '" + name + "' keeps no state to hand over: unload it"
              : "module '" + name + "' is " + state.toString().toLowerCase(Locale.ROOT));
    }
    refuseOnModuleThread("state hand-over");
    UnloadOptions options = relib.unloadOptions();
    Bridge bridge = (Bridge) exports;
    Object module = unloader.exportsTarget();
    StateHandOver.Outcome handed =
        StateHandOver.hand(
            name,
            this,
            next,
            options,
            unloader.exportsType(),
            bridge,
            target -> unloader.pointExports(bridge, target),
            module);
    if (handed.refused() != null) {
      if (handed.pause() != null) {
        unloader.pointExports(bridge, module);
        handed.release();
      }
      throw handed.refused();
    }
    module = null; // this frame must not hold the module while the unload proves its loader gone
    unloader.pointExports(bridge, null);
    handed.release();
    return unload(options);
  }

  /**
   * The hand-over's part on the version being replaced: waits for its calls in flight, then saves
   * its state. Under the unload lock, so that no unload (a close of the live module) runs its
   * {@code @BeforeUnload} while it saves.
   *
   * @throws StateHandOverException NOT_DRAINED or SAVE_FAILED
   */
  Object saveState(UnloadOptions options) {
    synchronized (unloading) {
      if (state != State.LOADED) {
        throw new StateHandOverException(
            StateHandOverException.Reason.SAVE_FAILED,
            "module '" + name + "' is " + state.toString().toLowerCase(Locale.ROOT),
            null);
      }
      if (!unloader.awaitQuiescence(options.drainTimeout())) {
        throw new StateHandOverException(
            StateHandOverException.Reason.NOT_DRAINED,
            "calls into the old version of module '"
                + name
                + "' did not finish within "
                + options.drainTimeout().toMillis()
                + " ms: its state would change after it was saved",
            null);
      }
      return unloader.saveState(options.beforeUnloadTimeout());
    }
  }

  /**
   * The hand-over's part on the version replacing: restores the saved state before it serves.
   *
   * @throws StateHandOverException RESTORE_FAILED
   */
  void restoreState(Object saved, UnloadOptions options) {
    unloader.restoreState(saved, options.beforeUnloadTimeout());
  }

  /** The library jars read from disk beside the module's own files (watched by a live module). */
  List<Path> libraryFiles() {
    return libraryFiles;
  }

  /**
   * The module's exports: a host-side bridge that guards every call and forwards it into the
   * module. The same object every time; it stays safe to hold after unload (calls then fail).
   */
  public T exports() {
    return exports;
  }

  /** The module's name: given to the builder, or taken from its file name. */
  public String name() {
    return name;
  }

  /** The jar or classes directory the module was loaded from. */
  public Path source() {
    return source;
  }

  /** Where the module is in its life; changes only through {@link #unload(UnloadOptions)}. */
  public State state() {
    return state;
  }

  /** What the load noticed but tolerated, e.g. API classes bundled in the module and ignored. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Whether calls into the module switch the thread's context class loader, and why: forced by the
   * host, or decided at load from what the module's classes and libraries call.
   */
  public ContextLoaderSwitch contextLoaderSwitch() {
    return contextLoaderSwitch;
  }

  /** The name of the module's class loader, as stack frames show it. */
  String loaderName() {
    return unloader.loaderName();
  }

  /** Unloads with the runtime's default options; see {@link #unload(UnloadOptions)}. */
  public UnloadReport unload() {
    return unload(relib.unloadOptions());
  }

  /**
   * Unloads the module: refuses new calls, waits for calls in flight, runs its
   * {@code @BeforeUnload} method, checks that no thread still runs its code, clears the leaks the
   * runtime can see, closes the loader and proves that it was collected.
   *
   * <p>Once unloaded, returns the same report again. After an unload that stopped early, a new call
   * resumes where it stopped.
   *
   * @throws UnloadException if calls did not drain in time or threads still run module code (the
   *     exception holds the report), unless the options say to proceed
   * @throws ReentrantUnloadException if this thread runs the module's code: a host import the
   *     module called, or a thread the module started (nothing is changed)
   */
  public UnloadReport unload(UnloadOptions options) {
    if (state != State.UNLOADED) {
      refuseOnModuleThread("unload");
    }
    return unloadNow(options);
  }

  /**
   * Refuses an unload on a thread that runs the module's code. The drain and the thread check
   * look at every thread but this one, so without this an unload from a host import the module
   * called would see no call in flight and close the loader under the running call.
   */
  void refuseOnModuleThread(String what) {
    StackTraceElement[] stack = Thread.currentThread().getStackTrace();
    String loaderName = unloader.loaderName();
    StackTraceElement frame = null;
    for (StackTraceElement element : stack) {
      if (loaderName.equals(element.getClassLoaderName())) {
        frame = element;
        break;
      }
    }
    if (frame == null) {
      return;
    }
    boolean inCall =
        ThreadScan.callInvolvement(stack, loaderName) == ThreadScan.Involvement.IN_CALL;
    throw new ReentrantUnloadException(
        name,
        what
            + " of module '"
            + name
            + "' refused: thread \""
            + Thread.currentThread().getName()
            + "\" "
            + (inCall ? "is inside a call of the module" : "runs the module's code")
            + " (at "
            + new StackTraceElement(
                frame.getClassName(),
                frame.getMethodName(),
                frame.getFileName(),
                frame.getLineNumber())
            + "), and unloading would close the module's class loader under it. Nothing was"
            + " changed: unload from a thread outside the module, once "
            + (inCall ? "the call has returned" : "the module's thread has ended"),
        Arrays.copyOfRange(stack, Math.min(1, stack.length), stack.length));
  }

  private UnloadReport unloadNow(UnloadOptions options) {
    synchronized (unloading) {
      if (state == State.UNLOADED) {
        return unloader.proof().getNow(report);
      }
      state = State.UNLOADING;
      try {
        report = unloader.unload(options);
      } catch (RuntimeException | Error e) {
        state = State.UNLOAD_FAILED;
        throw e;
      }
      state = State.UNLOADED;
      relib.forget(this);
      return report;
    }
  }

  /**
   * Unloads a version a live module has replaced: the host's stable bridge already points at the
   * new version, but a thread may have read the old target just before the switch. So calls are
   * drained before the bridges are revoked, and such a call completes on the old version instead of
   * failing.
   */
  UnloadReport unloadReplaced(UnloadOptions options) {
    synchronized (unloading) {
      unloader.awaitQuiescence(options.drainTimeout());
      return unloadNow(options);
    }
  }

  /**
   * Completes with the unload's final report once the proof of collection is over: at once when the
   * unload awaited it (the default), later when it ran with {@link
   * UnloadOptions#withAwaitCollection(boolean) withAwaitCollection(false)}.
   */
  public CompletionStage<UnloadReport> collectionProof() {
    return unloader.proof().minimalCompletionStage();
  }

  @Override
  public String toString() {
    return "LoadedModule[" + name + ", " + source + ", " + state + "]";
  }
}
