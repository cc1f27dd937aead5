package dev.relib.runtime;

import java.time.Duration;
import java.util.Objects;

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
          true);

  private final Duration drainTimeout;
  private final Duration beforeUnloadTimeout;
  private final Duration threadWait;
  private final boolean proceedWithRunningThreads;
  private final Duration collectionTimeout;
  private final boolean awaitCollection;

  private UnloadOptions(
      Duration drainTimeout,
      Duration beforeUnloadTimeout,
      Duration threadWait,
      boolean proceedWithRunningThreads,
      Duration collectionTimeout,
      boolean awaitCollection) {
    this.drainTimeout = checked(drainTimeout, "drainTimeout");
    this.beforeUnloadTimeout = checked(beforeUnloadTimeout, "beforeUnloadTimeout");
    this.threadWait = checked(threadWait, "threadWait");
    this.proceedWithRunningThreads = proceedWithRunningThreads;
    this.collectionTimeout = checked(collectionTimeout, "collectionTimeout");
    this.awaitCollection = awaitCollection;
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
   * proof up to 10 s, awaited.
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
   * (the report says {@link UnloadReport.Collection#UNKNOWN}).
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

  public UnloadOptions withDrainTimeout(Duration drainTimeout) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection);
  }

  public UnloadOptions withBeforeUnloadTimeout(Duration beforeUnloadTimeout) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection);
  }

  public UnloadOptions withThreadWait(Duration threadWait) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection);
  }

  public UnloadOptions withProceedWithRunningThreads(boolean proceedWithRunningThreads) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection);
  }

  public UnloadOptions withCollectionTimeout(Duration collectionTimeout) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection);
  }

  public UnloadOptions withAwaitCollection(boolean awaitCollection) {
    return new UnloadOptions(
        drainTimeout,
        beforeUnloadTimeout,
        threadWait,
        proceedWithRunningThreads,
        collectionTimeout,
        awaitCollection);
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
        + "]";
  }
}
