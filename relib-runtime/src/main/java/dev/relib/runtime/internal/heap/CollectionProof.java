package dev.relib.runtime.internal.heap;

import dev.relib.runtime.internal.jdk.HotSpot;
import dev.relib.runtime.internal.jdk.Internals;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Proves that a loader was garbage collected: runs {@code System.gc()} until the loader's weak
 * reference is cleared, within a bound. Only a bound makes the answer reliable: one collection and
 * a sleep proves nothing on a concurrent or busy collector.
 */
public final class CollectionProof {
  private static final long FIRST_WAIT_NANOS = Duration.ofMillis(2).toNanos();
  private static final long LONGEST_WAIT_NANOS = Duration.ofMillis(200).toNanos();

  private static volatile Optional<String> impossibleBecause;

  private CollectionProof() {}

  /**
   * How a proof went.
   *
   * @param heldBy when the proof stopped before its timeout, what is known to hold the reference;
   *     null otherwise
   */
  public record Result(boolean collected, int collections, Duration elapsed, String heldBy) {}

  /**
   * Why this JVM cannot prove collection by {@code System.gc()}, if it cannot: the flag {@code
   * -XX:+DisableExplicitGC} makes it do nothing.
   */
  public static Optional<String> impossibleBecause() {
    Optional<String> known = impossibleBecause;
    if (known == null) {
      known = Optional.empty();
      if (Internals.present("jdk.management")) {
        known =
            HotSpot.explicitGcDisabled()
                ? Optional.of(
                    "-XX:+DisableExplicitGC makes System.gc() do nothing, so collection"
                        + " cannot be proven; remove the flag to get the proof")
                : Optional.empty();
      }
      impossibleBecause = known;
    }
    return known;
  }

  /**
   * Collects until {@code reference} is cleared or {@code timeout} passes, or until {@code heldBy},
   * asked after each collection that left the reference set, names what is known to hold it.
   */
  public static Result await(
      WeakReference<?> reference,
      ReferenceQueue<?> queue,
      Duration timeout,
      Supplier<String> heldBy)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long wait = FIRST_WAIT_NANOS;
    int collections = 0;
    while (!reference.refersTo(null)) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return new Result(false, collections, Duration.ofNanos(System.nanoTime() - start), null);
      }
      System.gc();
      collections++;
      if (reference.refersTo(null)) {
        break;
      }
      // A concurrent collector clears the reference later: wait for it to be enqueued, longer each
      // round, so that a slow collector is not flooded with requests.
      long millis = Math.max(1, Math.min(wait, remaining) / 1_000_000);
      if (queue.remove(millis) != null) {
        break;
      }
      String holder = heldBy.get();
      if (holder != null && !reference.refersTo(null)) {
        return new Result(false, collections, Duration.ofNanos(System.nanoTime() - start), holder);
      }
      wait = Math.min(wait * 2, LONGEST_WAIT_NANOS);
    }
    return new Result(true, collections, Duration.ofNanos(System.nanoTime() - start), null);
  }
}
