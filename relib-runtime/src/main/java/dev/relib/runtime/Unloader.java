package dev.relib.runtime;

import dev.relib.bridge.BridgeNames;
import dev.relib.bridge.ModuleStub;
import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.UnloadReport.Draft;
import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.UnloadReport.Step;
import java.lang.System.Logger.Level;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Holds what a loaded module is made of (its loader, its stub, its context) and takes it apart in
 * relib's order: stop new calls, drain, {@code @BeforeUnload}, check threads, clear leaks, close,
 * prove collection. An unload that stops early resumes, when called again, at the step that stopped
 * it. Not thread-safe: {@link LoadedModule} serializes unloads.
 */
final class Unloader {
  private static final System.Logger LOG = System.getLogger(Unloader.class.getName());
  private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(1).toNanos();
  private static final long LONGEST_PAUSE_NANOS = Duration.ofMillis(50).toNanos();
  private static final long TRANSIT_GRACE_NANOS = Duration.ofMillis(200).toNanos();
  private static final long STARTING_GRACE_NANOS = Duration.ofMillis(50).toNanos();

  private final String moduleName;
  private final String loaderName;
  private final ModuleContext context;
  private final ClassLoader hostLoader;
  private final HostDefaults defaults;
  private final HolderDiagnosis diagnosis;
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
      HostDefaults defaults,
      HolderDiagnosis diagnosis) {
    this.moduleName = loader.moduleName();
    this.loaderName = loader.getName();
    this.loader = loader;
    this.stub = stub;
    this.context = context;
    this.hostLoader = hostLoader;
    this.defaults = defaults;
    this.diagnosis = diagnosis;
  }

  String loaderName() {
    return loaderName;
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
      prove(draft, closed.loader(), closed.heldBy(), options);
      UnloadReport report = draft.done();
      proof.complete(report);
      return report;
    }
    proveInBackground(draft.copy(), closed.loader(), closed.heldBy(), options);
    draft.collection(
        Collection.PENDING,
        "the proof runs in the background; LoadedModule.collectionProof() gives the final report");
    return draft.done();
  }

  /**
   * A closed module as the proof sees it: a weak reference to its loader, and what tells, while
   * the proof runs, whether a thread found running module code still does (weak references and
   * names only).
   */
  private record Closed(WeakReference<ClassLoader> loader, Supplier<String> heldBy) {}

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
    ThreadCheck check = moduleThreads(draft, options, lastLook);
    Set<Thread> moduleThreads = check.running();
    int running = moduleThreads.size() + check.virtual();
    if (running > 0 && !options.proceedWithRunningThreads()) {
      throw stop(draft, running + " thread(s) still run module code");
    }
    clearLeaks(draft, moduleThreads, check.lastLook());
    WeakReference<ClassLoader> collectable = close(draft);
    return new Closed(collectable, stillRunning(moduleThreads, check.virtual()));
  }

  /** Completes with the final report, proof included, once the unload and its proof are over. */
  CompletableFuture<UnloadReport> proof() {
    return proof;
  }

  private void proveInBackground(
      Draft draft,
      WeakReference<ClassLoader> collectable,
      Supplier<String> heldBy,
      UnloadOptions options) {
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                prove(draft, collectable, heldBy, options);
                UnloadReport report = draft.done();
                if (report.collection() == Collection.NOT_COLLECTED) {
                  LOG.log(Level.WARNING, "{0}", report);
                }
                proof.complete(report);
              } catch (RuntimeException | Error e) {
                proof.completeExceptionally(e);
                throw e;
              }
            },
            "relib-collection-proof:" + moduleName,
            0,
            false);
    thread.setDaemon(true);
    thread.start();
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

  /**
   * Waits until no thread is inside a call of the module.
   *
   * <p>A thread that read a bridge's target before the revocation but has not entered the module
   * yet shows only bridge frames on top: it is "in transit". Such a stale reader can only exist at
   * the first check after the revocation; later, a thread in transit through the same bridge
   * classes is a new call, which reads the revoked (or another module's) target. So threads in
   * transit count only if they were in transit at the first check, until they are seen out of it,
   * and for {@link #TRANSIT_GRACE_NANOS} at most: a stale reader is a few instructions from the
   * module, and once in it, it is seen in a call. Otherwise a thread calling another module of the
   * same API in a loop (after a reload) would look in transit at every check and hold the drain.
   */
  private Calls drain(Draft draft, UnloadOptions options) {
    long start = System.nanoTime();
    Calls calls = waitForCalls(options.drainTimeout());
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
    return waitForCalls(timeout).drained();
  }

  /**
   * The threads still in a call when a wait ended, how each was involved, how many re-checks; the
   * virtual threads still in a call, whether they were looked at, and why not if that failed; and
   * every other thread's stack as last seen.
   */
  private record Calls(
      Map<Thread, StackTraceElement[]> threads,
      Map<Thread, StackTraceElement[]> busy,
      Map<Thread, ThreadScan.Involvement> how,
      int rounds,
      List<UnloadReport.ModuleThread> virtualBusy,
      boolean virtualChecked,
      String virtualNote) {
    boolean drained() {
      return busy.isEmpty() && virtualBusy.isEmpty();
    }
  }

  private Calls waitForCalls(Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    Set<Thread> staleReaders = null;
    // Virtual threads are invisible to the stacks below: a JSON thread dump shows them, at a cost
    // that grows with their number, so only once the platform threads are out and only if the JVM
    // shows signs of virtual threads.
    Boolean lookAtVirtual = null;
    Set<String> staleVirtualReaders = null;
    String virtualNote = null;
    boolean virtualChecked = false;
    int rounds = 0;
    while (true) {
      Map<Thread, StackTraceElement[]> busy = new LinkedHashMap<>();
      Map<Thread, ThreadScan.Involvement> how = new HashMap<>();
      Map<Thread, StackTraceElement[]> others = ThreadScan.others();
      if (lookAtVirtual == null) {
        lookAtVirtual = VirtualThreads.mayExist(others.keySet());
      }
      for (Map.Entry<Thread, StackTraceElement[]> thread : others.entrySet()) {
        ThreadScan.Involvement involvement =
            ThreadScan.callInvolvement(thread.getValue(), loaderName);
        boolean counts =
            involvement == ThreadScan.Involvement.IN_CALL
                || (involvement == ThreadScan.Involvement.IN_TRANSIT
                    && (staleReaders == null || staleReaders.contains(thread.getKey())));
        if (counts) {
          busy.put(thread.getKey(), thread.getValue());
          how.put(thread.getKey(), involvement);
        }
      }
      if (staleReaders == null) {
        staleReaders = new HashSet<>();
      } else if (System.nanoTime() - start > TRANSIT_GRACE_NANOS) {
        staleReaders.clear();
      }
      // A stale reader seen out of transit has entered the module (then it is in a call) or left.
      staleReaders.retainAll(busy.keySet());
      for (Map.Entry<Thread, ThreadScan.Involvement> thread : how.entrySet()) {
        if (rounds == 0 && thread.getValue() == ThreadScan.Involvement.IN_TRANSIT) {
          staleReaders.add(thread.getKey());
        }
      }
      List<UnloadReport.ModuleThread> virtualBusy = List.of();
      if (busy.isEmpty() && lookAtVirtual) {
        boolean first = staleVirtualReaders == null;
        if (first) {
          staleVirtualReaders = new HashSet<>();
        }
        try {
          virtualBusy =
              virtualCalls(
                  staleVirtualReaders, first, System.nanoTime() - start <= TRANSIT_GRACE_NANOS);
          virtualChecked = true;
        } catch (Exception e) {
          lookAtVirtual = false;
          virtualNote =
              "virtual threads were not looked at by the drain: the thread dump failed: " + e;
        }
      }
      long remaining = deadline - System.nanoTime();
      if ((busy.isEmpty() && virtualBusy.isEmpty())
          || remaining <= 0
          || !pause(Math.min(pause, remaining))) {
        return new Calls(others, busy, how, rounds, virtualBusy, virtualChecked, virtualNote);
      }
      rounds++;
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }

  /**
   * The virtual threads in a call of the module, from one thread dump; those in transit count as
   * for platform threads: at the first look only, and then while they stay in transit within the
   * grace period.
   */
  private List<UnloadReport.ModuleThread> virtualCalls(
      Set<String> staleReaders, boolean first, boolean inGrace) throws Exception {
    List<UnloadReport.ModuleThread> busy = new ArrayList<>();
    Set<String> stillInTransit = new HashSet<>();
    Predicate<String> worthReading =
        VirtualThreads.mentioning(loaderName)
            .or(text -> text.contains(BridgeNames.HOST_BRIDGE_SUFFIX + "."))
            .or(text -> text.contains(BridgeNames.MODULE_BRIDGE_SUFFIX + "."));
    for (VirtualThreads.Dumped thread : VirtualThreads.all(worthReading)) {
      ThreadScan.Involvement involvement = ThreadScan.callInvolvement(thread.stack(), loaderName);
      boolean transit = involvement == ThreadScan.Involvement.IN_TRANSIT;
      if (transit && (first || staleReaders.contains(thread.id()))) {
        stillInTransit.add(thread.id());
      }
      if (involvement == ThreadScan.Involvement.IN_CALL
          || (transit && inGrace && stillInTransit.contains(thread.id()))) {
        busy.add(thread.describe(loaderName, involvement.description + " (a virtual thread)"));
      }
    }
    staleReaders.retainAll(stillInTransit);
    if (first) {
      staleReaders.addAll(stillInTransit);
    }
    return busy;
  }

  /** Calls {@code @BeforeUnload} on a thread of its own, so that a hang cannot block the host. */
  private void beforeUnload(Draft draft, UnloadOptions options) {
    long start = System.nanoTime();
    ModuleStub current = stub;
    if (!current.hasBeforeUnload()) {
      draft.step(Step.BEFORE_UNLOAD, start, "the module has none");
      return;
    }
    AtomicReference<ModuleException> thrown = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                current.beforeUnload();
              } catch (Throwable e) {
                thrown.set(ModuleException.translate(moduleName, e));
              }
            },
            "relib-before-unload:" + moduleName,
            0,
            false);
    thread.setDaemon(true);
    thread.setContextClassLoader(loader);
    thread.start();
    boolean interrupted = false;
    try {
      thread.join(Math.max(1, options.beforeUnloadTimeout().toMillis()));
    } catch (InterruptedException e) {
      interrupted = true;
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      String left = ", left on thread \"" + thread.getName() + "\"";
      draft.step(
          Step.BEFORE_UNLOAD,
          start,
          interrupted
              ? "still running when the unload was interrupted after "
                  + (System.nanoTime() - start) / 1_000_000
                  + " ms (of the "
                  + options.beforeUnloadTimeout().toMillis()
                  + " ms allowed)"
                  + left
              : "still running after " + options.beforeUnloadTimeout().toMillis() + " ms" + left);
    } else if (thrown.get() != null) {
      draft.step(Step.BEFORE_UNLOAD, start, "threw " + thrown.get().getMessage());
      draft.note("@BeforeUnload threw " + stackExcerpt(thrown.get()));
      LOG.log(Level.WARNING, "@BeforeUnload of module '" + moduleName + "' threw", thrown.get());
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

  /**
   * The platform threads found running module code, how many virtual ones, and every other
   * platform thread's stack as last seen.
   */
  private record ThreadCheck(
      Set<Thread> running, int virtual, Map<Thread, StackTraceElement[]> lastLook) {}

  /**
   * Waits up to the thread wait for module threads to end, then names those still running. The
   * first look is {@code firstLook} where the caller has one that is still true, else a new one.
   */
  private ThreadCheck moduleThreads(
      Draft draft, UnloadOptions options, Map<Thread, StackTraceElement[]> firstLook) {
    long start = System.nanoTime();
    long deadline = start + options.threadWait().toNanos();
    long pause = FIRST_PAUSE_NANOS;
    Map<Thread, StackTraceElement[]> look = firstLook;
    Map<Thread, StackTraceElement[]> running;
    Map<Thread, String> why;
    while (true) {
      running = new LinkedHashMap<>();
      why = new HashMap<>();
      boolean starting = false;
      if (look == null) {
        look = ThreadScan.others();
      }
      for (Map.Entry<Thread, StackTraceElement[]> thread : look.entrySet()) {
        String reason =
            ThreadScan.moduleCodeReason(thread.getKey(), thread.getValue(), loader, loaderName);
        if (reason != null) {
          running.put(thread.getKey(), thread.getValue());
          why.put(thread.getKey(), reason);
        } else if (thread.getKey().getContextClassLoader() == loader
            || ThreadScan.aboutToRunModuleTask(thread.getKey(), loader)) {
          starting = true;
        }
      }
      // A thread the module has just started (a pool worker about to run the module's task) may
      // show only JDK frames for a moment: look again before calling the module's threads gone.
      boolean settled =
          running.isEmpty() && (!starting || System.nanoTime() - start > STARTING_GRACE_NANOS);
      long remaining = deadline - System.nanoTime();
      if (settled || remaining <= 0 || !pause(Math.min(pause, remaining))) {
        break;
      }
      look = null;
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
    for (Map.Entry<Thread, StackTraceElement[]> thread : running.entrySet()) {
      draft.thread(
          ThreadScan.describe(
              thread.getKey(), thread.getValue(), loaderName, why.get(thread.getKey())));
    }
    int virtualThreads = 0;
    // Not looked for when no class of the module names a method that starts one: nothing to say.
    if (Runtime.version().feature() >= 21
        && loader.references(ModuleClassLoader.Api.VIRTUAL_THREADS)) {
      if (!VirtualThreads.supported()) {
        draft.note("virtual threads are not visible without the JDK module jdk.management");
      } else {
        try {
          for (UnloadReport.ModuleThread thread : VirtualThreads.running(loaderName)) {
            draft.thread(thread);
            virtualThreads++;
          }
        } catch (Exception e) {
          draft.note("virtual threads could not be listed: the thread dump failed: " + e);
        }
      }
    }
    int count = running.size() + virtualThreads;
    draft.step(
        Step.THREADS,
        start,
        count == 0
            ? "none running"
            : count
                + " thread(s) still run module code"
                + (virtualThreads > 0 ? ", " + virtualThreads + " of them virtual" : ""));
    return new ThreadCheck(Set.copyOf(running.keySet()), virtualThreads, look);
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

  /**
   * What is known to hold the loader while the proof runs: a thread the thread check found running
   * module code that is still alive and still shows it (its frames, or its class), or a virtual
   * thread still listed. Held only weakly: a thread of a module class that ends must not be kept.
   * Virtual threads are listed again (a thread dump) only until they are seen gone.
   */
  private Supplier<String> stillRunning(Set<Thread> threads, int virtual) {
    if (threads.isEmpty() && virtual == 0) {
      return () -> null;
    }
    List<WeakReference<Thread>> watched = new ArrayList<>();
    for (Thread thread : threads) {
      watched.add(new WeakReference<>(thread));
    }
    boolean[] virtualGone = {virtual == 0};
    String name = loaderName;
    return () -> {
      for (WeakReference<Thread> reference : watched) {
        Thread thread = reference.get();
        if (thread != null && thread.isAlive() && showsModuleCode(thread, name)) {
          return "thread \"" + thread.getName() + "\" still runs module code";
        }
      }
      if (!virtualGone[0]) {
        try {
          List<UnloadReport.ModuleThread> running = VirtualThreads.running(name);
          if (!running.isEmpty()) {
            return "virtual thread \"" + running.get(0).name() + "\" still runs module code";
          }
        } catch (Exception e) {
          // Not listed: the proof goes on to its timeout.
        }
        virtualGone[0] = true;
      }
      return null;
    };
  }

  private static boolean showsModuleCode(Thread thread, String loaderName) {
    ClassLoader threadClassLoader = thread.getClass().getClassLoader();
    if (threadClassLoader != null && loaderName.equals(threadClassLoader.getName())) {
      return true;
    }
    return ThreadScan.hasModuleFrame(thread.getStackTrace(), loaderName);
  }

  private void prove(
      Draft draft,
      WeakReference<ClassLoader> collectable,
      Supplier<String> heldBy,
      UnloadOptions options) {
    long start = System.nanoTime();
    Duration timeout = options.collectionTimeout();
    if (timeout.isZero()) {
      draft.collection(Collection.UNKNOWN, "not checked: the collection timeout is zero");
      draft.step(Step.COLLECTION, start, "skipped");
      return;
    }
    String impossible = CollectionProof.impossibleBecause().orElse(null);
    if (impossible != null) {
      draft.collection(Collection.UNKNOWN, impossible);
      draft.step(Step.COLLECTION, start, "impossible: " + impossible);
      return;
    }
    CollectionProof.Result result;
    try {
      result = CollectionProof.await(collectable, collected, timeout, heldBy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      draft.collection(Collection.UNKNOWN, "interrupted while proving collection");
      draft.step(Step.COLLECTION, start, "interrupted");
      return;
    }
    if (result.collected()) {
      collected(draft, start, "collected after " + result.collections() + " GC(s)");
    } else {
      String note =
          result.heldBy() != null
              ? "held: "
                  + result.heldBy()
                  + "; the proof stopped after "
                  + result.collections()
                  + " GC(s) in "
                  + result.elapsed().toMillis()
                  + " ms instead of running to its timeout"
              : "still reachable after "
                  + result.collections()
                  + " GC(s) in "
                  + result.elapsed().toMillis()
                  + " ms";
      draft.collection(Collection.NOT_COLLECTED, note);
      draft.step(Step.COLLECTION, start, note);
      diagnosis.diagnose(collectable, draft, options);
      cureFromDiagnosis(draft, collectable, heldBy, options);
    }
  }

  /**
   * The loader is gone: so are the module's thread-locals, whose stale values the threads that set
   * them still hold until they expunge them; they are freed now.
   */
  private static void collected(Draft draft, long start, String note) {
    ThreadLocalCleaner.freeStale().forEach(draft::leak);
    draft.collection(Collection.COLLECTED, note);
    draft.step(Step.COLLECTION, start, note);
  }

  /**
   * Where the heap dump's path runs through something the runtime can safely undo, undoes it and
   * proves again; where it runs through something only the module can release, names the call.
   */
  private void cureFromDiagnosis(
      Draft draft,
      WeakReference<ClassLoader> collectable,
      Supplier<String> heldBy,
      UnloadOptions options) {
    UnloadReport.Holder holder = draft.holder();
    if (holder == null || holder.path().isEmpty()) {
      return;
    }
    HolderCure.Outcome outcome = HolderCure.cure(holder.path(), hostLoader);
    if (outcome == null) {
      return;
    }
    if (!outcome.cured()) {
      draft.suspect("what releases the holder: " + outcome.text());
      return;
    }
    draft.leak(new Leak("heap path", holder.path().get(0), Leak.Outcome.CLEARED, outcome.text()));
    long start = System.nanoTime();
    CollectionProof.Result again;
    try {
      again = CollectionProof.await(collectable, collected, options.collectionTimeout(), heldBy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (again.collected()) {
      String note =
          "collected after the runtime undid what the heap dump showed ("
              + outcome.text()
              + "), "
              + again.collections()
              + " GC(s) later";
      collected(draft, start, note);
    } else {
      draft.note("the runtime undid what the heap dump showed (" + outcome.text()
          + "), yet the loader is still reachable");
    }
  }

  /** Sleeps; false if interrupted (the flag is kept for the caller's caller). */
  private static boolean pause(long nanos) {
    if (nanos <= 0) {
      return true;
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
