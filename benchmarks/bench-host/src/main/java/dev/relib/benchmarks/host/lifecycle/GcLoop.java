package dev.relib.benchmarks.host.lifecycle;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;

/**
 * The bounded proof of collection the bare loader and PF4J get: {@code System.gc()} in a loop until
 * a weak reference to the loader clears, waiting on the reference queue a little longer each round
 * (as relib's own proof does), never one GC and a sleep.
 */
final class GcLoop {
  private static final long FIRST_WAIT_NANOS = Duration.ofMillis(2).toNanos();
  private static final long LONGEST_WAIT_NANOS = Duration.ofMillis(200).toNanos();

  /** How a proof went. */
  record Result(boolean collected, int collections, long nanos) {}

  private GcLoop() {}

  static Result await(WeakReference<?> reference, ReferenceQueue<?> queue, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long wait = FIRST_WAIT_NANOS;
    int collections = 0;
    try {
      while (!reference.refersTo(null)) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return new Result(false, collections, System.nanoTime() - start);
        }
        System.gc();
        collections++;
        if (reference.refersTo(null)) {
          break;
        }
        long millis = Math.max(1, Math.min(wait, remaining) / 1_000_000);
        if (queue.remove(millis) != null) {
          break;
        }
        wait = Math.min(wait * 2, LONGEST_WAIT_NANOS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, collections, System.nanoTime() - start);
    }
    return new Result(true, collections, System.nanoTime() - start);
  }
}
