package dev.relib.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an unload waits and what it tolerates. Immutable: each {@code with} method returns a copy.
 *
 * <pre>{@code
 * module.unload(UnloadOptions.defaults().withDrainTimeout(Duration.ofSeconds(30)));
 * }</pre>
 */
public final class UnloadOptions {
  private static final UnloadOptions DEFAULTS =
      new UnloadOptions(
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofSeconds(1),
          false,
          Duration.ofSeconds(10),
          true,
          true,
          null,
          Duration.ofSeconds(30));

  private final Duration drainTimeout;
  private final Duration beforeUnloadTimeout;
  private final Duration threadWait;
  private final boolean proceedWithRunningThreads;
  private final Duration collectionTimeout;
  private final boolean awaitCollection;
  private final boolean heapDump;
  private final Path keepHeapDumpIn;
  private final Duration diagnosisTimeout;

  private UnloadOptions(
      Duration drainTimeout,
      Duration beforeUnloadTimeout,
      Duration threadWait,
      boolean proceedWithRunningThreads,
      Duration collectionTimeout,
      boolean awaitCollection,
      boolean heapDump,
      Path keepHeapDumpIn,
      Duration diagnosisTimeout) {
    this.drainTimeout = checked(drainTimeout, "drainTimeout");
    this.beforeUnloadTimeout = checked(beforeUnloadTimeout, "beforeUnloadTimeout");
    this.threadWait = checked(threadWait, "threadWait");
    this.proceedWithRunningThreads = proceedWithRunningThreads;
    this.collectionTimeout = checked(collectionTimeout, "collectionTimeout");
    this.awaitCollection = awaitCollection;
    this.heapDump = heapDump;
    this.keepHeapDumpIn = keepHeapDumpIn;
    this.diagnosisTimeout = checked(diagnosisTimeout, "diagnosisTimeout");
  }

  private static Duration checked(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return duration;
  }

  /**
   * Drain 5 s, {@code @BeforeUnload} 5 s, thread wait 1 s, fail on running threads, collection
   * proof up to 10 s, awaited; if the loader is not collected, a heap dump to a temporary file,
   * deleted after its analysis, which may take up to 30 s.
   */
  public static UnloadOptions defaults() {
    return DEFAULTS;
  }

  /** How long to wait for calls in flight to return once new calls are refused. */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /** How long the module's {@code @BeforeUnload} method may run. */
  public Duration beforeUnloadTimeout() {
    return beforeUnloadTimeout;
  }

  /** How long to wait for threads running module code to end before naming them. */
  public Duration threadWait() {
    return threadWait;
  }

  /**
   * Whether to close the loader even though calls did not drain or threads still run module code
   * (they keep the loader alive and the report says so); otherwise the unload fails with {@link
   * UnloadException}.
   */
  public boolean proceedWithRunningThreads() {
    return proceedWithRunningThreads;
  }

  /**
   * How long to run garbage collections to prove the loader was collected; zero skips the proof
   * (the report says {@link UnloadReport.Collection#UNKNOWN}). The proof stops sooner, after one
   * collection, when a thread the thread check found running module code (the unload proceeded
   * with {@link #proceedWithRunningThreads()}) is still alive and still runs it: that thread holds
   * the loader, and the report names it as the reason.
   */
  public Duration collectionTimeout() {
    return collectionTimeout;
  }

  /**
   * Whether {@code unload()} waits for the proof of collection. If not, it returns once the loader
   * is closed, with the collection {@link UnloadReport.Collection#PENDING}, and the proof goes on
   * in the background: {@link LoadedModule#collectionProof()} gives the final report. A proof takes
   * a full GC, which in a large heap can take far longer than the unload itself. Default true.
   */
  public boolean awaitCollection() {
    return awaitCollection;
  }

  /**
   * Whether, when the loader was not collected, the runtime dumps the heap and searches it for what
   * holds the loader ({@link UnloadReport#holder()}). The dump stops the JVM for a moment (tens of
   * milliseconds for a small heap, about a second for a few GB) and needs free disk space the size
   * of the live heap. It runs on a daemon thread of its own, {@code relib-diagnosis:<module>}; the
   * thread that runs the proof (the caller of {@code unload()} when the proof is awaited) waits for
   * it at most {@link #diagnosisTimeout()} and 2 s. If that bound passes or the waiting thread is
   * interrupted, the report's holder is {@link UnloadReport.Holder.Found#NOT_DIAGNOSED} saying so,
   * the analysis stops and the dump file is still deleted. It needs the JDK module jdk.management.
   * Default true.
   */
  public boolean heapDump() {
    return heapDump;
  }

  /**
   * Where to keep the heap dump, if the host wants to open it in a heap analyser; empty (the
   * default) writes it to a temporary file that is deleted after the analysis.
   */
  public Optional<Path> keepHeapDumpIn() {
    return Optional.ofNullable(keepHeapDumpIn);
  }

  /**
   * How long the heap dump and its analysis may take before the analysis gives up (the dump itself
   * cannot be stopped). Default 30 s.
   */
  public Duration diagnosisTimeout() {
    return diagnosisTimeout;
  }

  public UnloadOptions withDrainTimeout(Duration drainTimeout) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection,
        heapDump,
        keepHeapDumpIn,
        diagnosisTimeout);
  }

  public UnloadOptions withBeforeUnloadTimeout(Duration beforeUnloadTimeout) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection,
        heapDump,
        keepHeapDumpIn,
        diagnosisTimeout);
  }

  public UnloadOptions withThreadWait(Duration threadWait) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection,
        heapDump,
        keepHeapDumpIn,
        diagnosisTimeout);
  }

  public UnloadOptions withProceedWithRunningThreads(boolean proceedWithRunningThreads) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection,
        heapDump,
        keepHeapDumpIn,
        diagnosisTimeout);
  }

  public UnloadOptions withCollectionTimeout(Duration collectionTimeout) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection,
        heapDump,
        keepHeapDumpIn,
        diagnosisTimeout);
  }

  public UnloadOptions withAwaitCollection(boolean awaitCollection) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection,
        heapDump,
        keepHeapDumpIn,
        diagnosisTimeout);
  }

  public UnloadOptions withHeapDump(boolean heapDump) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection,
        heapDump,
        keepHeapDumpIn,
        diagnosisTimeout);
  }

  /**
   * Keeps the heap dump in {@code directory} (created if missing) instead of deleting it; null
   * goes back to a temporary file.
   */
  public UnloadOptions withKeepHeapDumpIn(Path directory) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection,
        heapDump,
        directory,
        diagnosisTimeout);
  }

  public UnloadOptions withDiagnosisTimeout(Duration diagnosisTimeout) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection,
        heapDump,
        keepHeapDumpIn,
        diagnosisTimeout);
  }

  @Override
  public String toString() {
    return "UnloadOptions[drainTimeout="
        + drainTimeout
        + ", beforeUnloadTimeout="
        + beforeUnloadTimeout
        + ", threadWait="
        + threadWait
        + ", proceedWithRunningThreads="
        + proceedWithRunningThreads
        + ", collectionTimeout="
        + collectionTimeout
        + ", awaitCollection="
        + awaitCollection
        + ", heapDump="
        + heapDump
        + ", keepHeapDumpIn="
        + keepHeapDumpIn
        + ", diagnosisTimeout="
        + diagnosisTimeout
        + "]";
  }
}
