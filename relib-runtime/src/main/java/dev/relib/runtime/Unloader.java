package dev.relib.runtime;

import dev.relib.bridge.Bridge;
import dev.relib.bridge.ModuleStub;
import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.UnloadReport.Draft;
import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.UnloadReport.Step;
import dev.relib.runtime.internal.leaks.Cleaners;
import dev.relib.runtime.internal.leaks.CleanupScope;
import dev.relib.runtime.internal.leaks.HostDefaults;
import dev.relib.runtime.internal.leaks.LeakCleaner;
import dev.relib.runtime.internal.leaks.PoolWorkers;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import dev.relib.runtime.internal.threads.CallDrain;
import dev.relib.runtime.internal.threads.CallDrain.Calls;
import dev.relib.runtime.internal.threads.Daemons;
import dev.relib.runtime.internal.threads.ModuleThreadCheck;
import dev.relib.runtime.internal.threads.StillRunning;
import dev.relib.runtime.internal.threads.ThreadScan;
import java.lang.System.Logger.Level;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Holds what a loaded module is made of (its loader, its stub, its context) and takes it apart in
 * relib's order: stop new calls, drain, {@code @BeforeUnload}, check threads, clear leaks, close,
 * prove collection. An unload that stops early resumes, when called again, at the step that stopped
 * it. Not thread-safe: {@link LoadedModule} serializes unloads.
 */
final class Unloader {
  // Long, as the one place an unload's steps run in order, resumable at the step that stopped an
  // attempt, each turning what its subsystem (internal.*) found into its line of the report; a
  // call of the module's code on a thread of its own is ModuleCall's.
  private static final System.Logger LOG = System.getLogger(Unloader.class.getName());

  private final String moduleName;
  private final String loaderName;
  private final ModuleContext context;
  private final ClassLoader hostLoader;
  private final HostDefaults defaults;
  private final ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
  private final CompletableFuture<UnloadReport> proof = new CompletableFuture<>();
  // Dropped as the unload goes: nothing of the module may stay reachable from here.
  private ModuleClassLoader loader;
  private ModuleStub stub;

  private Step resumeAt = Step.STOP_CALLS;
  private UnloadReport stoppedAttempt;

  Unloader(
      ModuleClassLoader loader,
      ModuleStub stub,
      ModuleContext context,
      ClassLoader hostLoader,
      HostDefaults defaults) {
    this.moduleName = loader.moduleName();
    this.loaderName = loader.getName();
    this.loader = loader;
    this.stub = stub;
    this.context = context;
    this.hostLoader = hostLoader;
    this.defaults = defaults;
  }

  String loaderName() {
    return loaderName;
  }

  /** The module's exports interface, as its stub declares it. */
  Class<?> exportsType() {
    return stub.exportsType();
  }

  /**
   * Points the host's bridge of the module's exports at {@code target}: a pause while the state
   * passes, the module object again ({@link ModuleStub#exportsTarget()}) when it did not, or
   * nothing once it did.
   */
  void pointExports(Bridge exports, Object target) {
    context.point(exports, target);
  }

  /** The module object the exports bridge calls; see {@link ModuleStub#exportsTarget()}. */
  Object exportsTarget() {
    return stub.exportsTarget();
  }

  /**
   * Calls the module's {@code saveState()} through its stub, which copies the result, bounded by
   * {@code timeout} as {@code @BeforeUnload} is ({@link ModuleCall}). The caller holds the module's
   * unload lock and has checked that it is loaded, so the stub is still here.
   *
   * @throws StateHandOverException SAVE_FAILED if it threw, returned null or did not return
   */
  Object saveState(Duration timeout) {
    Object state =
        stateCall("saveState", timeout, StateHandOverException.Reason.SAVE_FAILED, stub::saveState);
    if (state == null) {
      throw new StateHandOverException(
          StateHandOverException.Reason.SAVE_FAILED,
          "saveState() of module '" + moduleName + "' returned null: return the state to keep",
          null);
    }
    return state;
  }

  /**
   * Hands a saved state to the module's {@code restoreState} (through a migration when the stub
   * says so), bounded by {@code timeout}.
   *
   * @throws StateHandOverException RESTORE_FAILED if it threw or did not return
   */
  void restoreState(Object state, Duration timeout) {
    ModuleStub current = stub;
    stateCall(
        "restoreState",
        timeout,
        StateHandOverException.Reason.RESTORE_FAILED,
        () -> {
          current.restoreState(state);
          return null;
        });
  }

  private Object stateCall(
      String what, Duration timeout, StateHandOverException.Reason reason, Callable<Object> call) {
    ModuleCall done = ModuleCall.run(moduleName, loader, "relib-state:", timeout, call);
    if (done.thread() != null) {
      throw new StateHandOverException(
          reason,
          what + "() of module '" + moduleName + "' is " + done.stillRunning("the hand-over"),
          null);
    }
    if (done.thrown() != null) {
      throw new StateHandOverException(
          reason,
          what + "() of module '" + moduleName + "' threw " + done.thrown().getMessage(),
          done.thrown());
    }
    return done.result();
  }

  /**
   * Runs the steps from where the last attempt stopped.
   *
   * @throws UnloadException if calls did not drain or threads still run module code, unless the
   *     options say to proceed
   */
  UnloadReport unload(UnloadOptions options) {
    Draft draft =
        stoppedAttempt == null
            ? new Draft(moduleName, loaderName)
            : Draft.resuming(stoppedAttempt, resumeAt);
    // Everything that can reach a module class (the stack snapshots: a StackTraceElement keeps
    // its declaring class; the threads found) lives in takeApart's frame only, so that none of
    // it is reachable from this one while the proof runs.
    Closed closed = takeApart(draft, options);
    stoppedAttempt = null;
    if (options.awaitCollection() || options.collectionTimeout().isZero()) {
      closed.proof().run(draft, options);
      UnloadReport report = draft.done();
      proof.complete(report);
      return report;
    }
    proveInBackground(draft.copy(), closed.proof(), options);
    draft.collection(
        Collection.PENDING,
        "the proof runs in the background; LoadedModule.collectionProof() gives the final report");
    return draft.done();
  }

  /**
   * A closed module as the proof sees it: a weak reference to its loader, and what tells, while the
   * proof runs, whether a thread found running module code still does (weak references and names
   * only).
   */
  private record Closed(UnloadProof proof) {}

  /** Every step before the proof, from where the last attempt stopped. */
  private Closed takeApart(Draft draft, UnloadOptions options) {
    if (resumeAt == Step.STOP_CALLS) {
      long start = System.nanoTime();
      int revoked = context.revokeHostSide();
      draft.step(Step.STOP_CALLS, start, revoked + " bridge(s) revoked");
      resumeAt = Step.DRAIN;
    }
    // The threads' stacks as the drain last saw them. A snapshot of every stack is a safepoint, the
    // costliest part of an unload, so the thread check starts from it unless @BeforeUnload ran in
    // between: any other module code still running shows in it and makes the check look again.
    Map<Thread, StackTraceElement[]> lastLook = null;
    if (resumeAt == Step.DRAIN) {
      Calls calls = drain(draft, options);
      if (!calls.drained() && !options.proceedWithRunningThreads()) {
        throw stop(
            draft, "calls still in flight after " + options.drainTimeout().toMillis() + " ms");
      }
      lastLook = calls.drained() ? calls.threads() : null;
      resumeAt = Step.BEFORE_UNLOAD;
    }
    if (resumeAt == Step.BEFORE_UNLOAD) {
      if (stub.hasBeforeUnload()) {
        lastLook = null;
      }
      beforeUnload(draft, options);
      // From here on, a thread the module left behind cannot call the host either.
      context.revoke();
      resumeAt = Step.THREADS;
    }
    ModuleThreadCheck.Found threads = moduleThreads(draft, options, lastLook);
    if (threads.count() > 0 && !options.proceedWithRunningThreads()) {
      throw stop(draft, threads.count() + " thread(s) still run module code");
    }
    clearLeaks(draft, threads.running(), threads.lastLook());
    Supplier<String> heldBy = StillRunning.watch(threads.running(), threads.virtual(), loaderName);
    return new Closed(new UnloadProof(close(draft), collected, heldBy, hostLoader));
  }

  /** Completes with the final report, proof included, once the unload and its proof are over. */
  CompletableFuture<UnloadReport> proof() {
    return proof;
  }

  private void proveInBackground(Draft draft, UnloadProof unloadProof, UnloadOptions options) {
    Daemons.start(
        "relib-collection-proof:" + moduleName,
        () -> {
          try {
            unloadProof.run(draft, options);
            UnloadReport report = draft.done();
            if (report.collection() == Collection.NOT_COLLECTED) {
              LOG.log(Level.WARNING, "{0}", report);
            }
            proof.complete(report);
          } catch (RuntimeException | Error e) {
            proof.completeExceptionally(e);
            throw e;
          }
        });
  }

  private UnloadException stop(Draft draft, String because) {
    stoppedAttempt = draft.stopped(because);
    return new UnloadException(
        "unload of module '"
            + moduleName
            + "' stopped: "
            + because
            + "; the module stays revoked."
            + " Call unload() again once the threads have ended, or unload with"
            + " UnloadOptions.withProceedWithRunningThreads(true)",
        stoppedAttempt);
  }

  /** Waits until no thread is inside a call of the module; see {@link CallDrain}. */
  private Calls drain(Draft draft, UnloadOptions options) {
    long start = System.nanoTime();
    Calls calls = CallDrain.await(loaderName, options.drainTimeout());
    if (calls.virtualNote() != null) {
      draft.note(calls.virtualNote());
    }
    String virtual = calls.virtualChecked() ? " (virtual threads included)" : "";
    if (calls.drained()) {
      draft.step(
          Step.DRAIN,
          start,
          (calls.rounds() == 0
                  ? "no call in flight"
                  : "calls drained after " + calls.rounds() + " check(s)")
              + virtual);
      return calls;
    }
    for (Map.Entry<Thread, StackTraceElement[]> thread : calls.busy().entrySet()) {
      draft.thread(
          ThreadScan.describe(
              thread.getKey(),
              thread.getValue(),
              loaderName,
              calls.how().get(thread.getKey()).description));
    }
    calls.virtualBusy().forEach(draft::thread);
    draft.step(
        Step.DRAIN,
        start,
        (calls.busy().size() + calls.virtualBusy().size())
            + " call(s) still in flight"
            + (calls.virtualBusy().isEmpty()
                ? ""
                : ", " + calls.virtualBusy().size() + " of them on virtual threads"));
    return calls;
  }

  /**
   * Waits, up to {@code timeout}, until no thread is inside a call of the module, without revoking
   * anything: for a version that no new call reaches any more (its bridges were moved to another
   * version), so that calls still in it complete before the unload revokes its imports.
   *
   * @return whether the calls drained in time
   */
  boolean awaitQuiescence(Duration timeout) {
    return CallDrain.await(loaderName, timeout).drained();
  }

  /** Calls {@code @BeforeUnload} on a thread of its own ({@link ModuleCall}). */
  private void beforeUnload(Draft draft, UnloadOptions options) {
    long start = System.nanoTime();
    ModuleStub current = stub;
    if (!current.hasBeforeUnload()) {
      draft.step(Step.BEFORE_UNLOAD, start, "the module has none");
      return;
    }
    ModuleCall done =
        ModuleCall.run(
            moduleName,
            loader,
            "relib-before-unload:",
            options.beforeUnloadTimeout(),
            () -> {
              current.beforeUnload();
              return null;
            });
    if (done.thread() != null) {
      draft.step(Step.BEFORE_UNLOAD, start, done.stillRunning("the unload"));
    } else if (done.thrown() != null) {
      draft.step(Step.BEFORE_UNLOAD, start, "threw " + done.thrown().getMessage());
      draft.note("@BeforeUnload threw " + stackExcerpt(done.thrown()));
      LOG.log(Level.WARNING, "@BeforeUnload of module '" + moduleName + "' threw", done.thrown());
    } else {
      draft.step(Step.BEFORE_UNLOAD, start, "ran");
    }
    stub = null;
  }

  private static String stackExcerpt(ModuleException thrown) {
    StringBuilder text = new StringBuilder(thrown.getMessage());
    StackTraceElement[] trace = thrown.getStackTrace();
    for (int i = 0; i < Math.min(3, trace.length); i++) {
      text.append("\n      at ").append(trace[i]);
    }
    return text.toString();
  }

  /** Waits up to the thread wait for module threads to end, then names those still running. */
  private ModuleThreadCheck.Found moduleThreads(
      Draft draft, UnloadOptions options, Map<Thread, StackTraceElement[]> firstLook) {
    long start = System.nanoTime();
    ModuleThreadCheck.Found found =
        ModuleThreadCheck.run(
            loader,
            options.threadWait(),
            firstLook,
            loader.references(ModuleClassLoader.Api.VIRTUAL_THREADS));
    found.described().forEach(draft::thread);
    found.notes().forEach(draft::note);
    int count = found.count();
    draft.step(
        Step.THREADS,
        start,
        count == 0
            ? "none running"
            : count
                + " thread(s) still run module code"
                + (found.virtual() > 0 ? ", " + found.virtual() + " of them virtual" : ""));
    return found;
  }

  /**
   * Clears what the module left in the JDK and in host threads, looking at the threads as the
   * thread check last saw them, a moment ago, and at this one.
   */
  private void clearLeaks(
      Draft draft, Set<Thread> moduleThreads, Map<Thread, StackTraceElement[]> lastLook) {
    long start = System.nanoTime();
    Map<Thread, StackTraceElement[]> threads = new LinkedHashMap<>(lastLook);
    Thread current = Thread.currentThread();
    threads.put(current, current.getStackTrace());
    CleanupScope scope =
        new CleanupScope(loader, hostLoader, threads.keySet(), moduleThreads, defaults);
    int before = draft.leaks().size();
    // Before the context loaders are reset: without --add-opens, they show the module's workers.
    PoolWorkers.check(threads, moduleThreads, loader, draft::leak);
    for (LeakCleaner cleaner : Cleaners.standard()) {
      try {
        cleaner.clean(scope, draft::leak);
      } catch (Exception | LinkageError e) {
        draft.leak(new Leak(cleaner.kind(), "the check itself", Leak.Outcome.FAILED, e.toString()));
        LOG.log(
            Level.WARNING,
            "the " + cleaner.kind() + " check of module '" + moduleName + "' failed",
            e);
      }
    }
    List<String> flushed = Cleaners.flushCaches(loader);
    List<Leak> found = draft.leaks().subList(before, draft.leaks().size());
    List<String> counts = new ArrayList<>();
    for (Leak.Outcome outcome : Leak.Outcome.values()) {
      long count = found.stream().filter(leak -> leak.outcome() == outcome).count();
      if (count > 0) {
        counts.add(count + " " + outcome.name().toLowerCase(Locale.ROOT));
      }
    }
    draft.step(
        Step.LEAKS,
        start,
        (counts.isEmpty() ? "none found" : String.join(", ", counts))
            + "; flushed "
            + String.join(", ", flushed)
            + " cache(s)");
  }

  /** Drops every reference the runtime holds to the module; keeps only a weak one to its loader. */
  private WeakReference<ClassLoader> close(Draft draft) {
    long start = System.nanoTime();
    stub = null;
    context.release();
    ModuleClassLoader closing = loader;
    loader = null;
    closing.close();
    draft.step(Step.CLOSE, start, "loader closed, module bytes dropped");
    return new WeakReference<>(closing, collected);
  }
}
