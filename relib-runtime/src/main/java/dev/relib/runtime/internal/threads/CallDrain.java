package dev.relib.runtime.internal.threads;

import dev.relib.bridge.BridgeNames;
import dev.relib.runtime.UnloadReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Waits until no thread is inside a call of a module.
 *
 * <p>A thread that read a bridge's target before the revocation but has not entered the module yet
 * shows only bridge frames on top: it is "in transit". Such a stale reader can only exist at the
 * first look after the revocation; later, a thread in transit through the same bridge classes is a
 * new call, which reads the revoked (or another module's) target. So threads in transit count only
 * if they were in transit at the first look, until they are seen out of it, and for {@link
 * #TRANSIT_GRACE_NANOS} at most: a stale reader is a few instructions from the module, and once in
 * it, it is seen in a call. Otherwise a thread calling another module of the same API in a loop
 * (after a reload) would look in transit at every look and hold the drain. Platform and virtual
 * threads are judged alike, each kind by a {@link Transit} of its own.
 */
public final class CallDrain {
  static final long FIRST_PAUSE_NANOS = Duration.ofMillis(1).toNanos();
  static final long LONGEST_PAUSE_NANOS = Duration.ofMillis(50).toNanos();
  private static final long TRANSIT_GRACE_NANOS = Duration.ofMillis(200).toNanos();

  private CallDrain() {}

  /**
   * The threads still in a call when the wait ended, how each was involved, how many re-checks; the
   * virtual threads still in a call, whether they were looked at, and why not if that failed; and
   * every other platform thread's stack as last seen.
   */
  public record Calls(
      Map<Thread, StackTraceElement[]> threads,
      Map<Thread, StackTraceElement[]> busy,
      Map<Thread, ThreadScan.Involvement> how,
      int rounds,
      List<UnloadReport.ModuleThread> virtualBusy,
      boolean virtualChecked,
      String virtualNote) {
    public boolean drained() {
      return busy.isEmpty() && virtualBusy.isEmpty();
    }
  }

  /** Waits up to {@code timeout} for the calls into the loader named {@code loaderName} to end. */
  public static Calls await(String loaderName, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    Transit<Thread> platform = new Transit<>(start);
    Transit<String> virtual = new Transit<>(start);
    // Virtual threads are invisible to the stacks below: a JSON thread dump shows them, at a cost
    // that grows with their number, so only once the platform threads are out and only if the JVM
    // shows signs of virtual threads.
    Boolean lookAtVirtual = null;
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
        if (platform.counts(thread.getKey(), involvement)) {
          busy.put(thread.getKey(), thread.getValue());
          how.put(thread.getKey(), involvement);
        }
      }
      platform.endLook();
      List<UnloadReport.ModuleThread> virtualBusy = List.of();
      if (busy.isEmpty() && lookAtVirtual) {
        try {
          virtualBusy = virtualCalls(loaderName, virtual);
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

  /** The virtual threads in a call of the module, from one thread dump. */
  private static List<UnloadReport.ModuleThread> virtualCalls(
      String loaderName, Transit<String> transit) throws Exception {
    List<UnloadReport.ModuleThread> busy = new ArrayList<>();
    Predicate<String> worthReading =
        VirtualThreads.mentioning(loaderName)
            .or(text -> text.contains(BridgeNames.HOST_BRIDGE_SUFFIX + "."))
            .or(text -> text.contains(BridgeNames.MODULE_BRIDGE_SUFFIX + "."));
    for (VirtualThreads.Dumped thread : VirtualThreads.all(worthReading)) {
      ThreadScan.Involvement involvement = ThreadScan.callInvolvement(thread.stack(), loaderName);
      if (transit.counts(thread.id(), involvement)) {
        busy.add(thread.describe(loaderName, involvement.description + " (a virtual thread)"));
      }
    }
    transit.endLook();
    return busy;
  }

  /**
   * Which threads in transit count, look after look: those in transit at the first look, while they
   * stay in transit and within the grace period.
   */
  static final class Transit<K> {
    private final long start;
    private Set<K> stale; // null until the first look ends
    private final Set<K> stillInTransit = new HashSet<>();

    Transit(long start) {
      this.start = start;
    }

    /** Whether a thread seen in this look as {@code involvement} counts as in a call. */
    boolean counts(K thread, ThreadScan.Involvement involvement) {
      if (involvement == ThreadScan.Involvement.IN_CALL) {
        return true;
      }
      if (involvement != ThreadScan.Involvement.IN_TRANSIT) {
        return false;
      }
      if (stale != null && !stale.contains(thread)) {
        return false;
      }
      stillInTransit.add(thread);
      return System.nanoTime() - start <= TRANSIT_GRACE_NANOS;
    }

    /** Ends a look: the stale readers are those still in transit. */
    void endLook() {
      stale = new HashSet<>(stillInTransit);
      stillInTransit.clear();
    }
  }

  /** Sleeps; false if interrupted (the flag is kept for the caller's caller). */
  static boolean pause(long nanos) {
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
