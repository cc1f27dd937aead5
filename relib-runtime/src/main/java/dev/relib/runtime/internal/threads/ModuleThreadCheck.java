package dev.relib.runtime.internal.threads;

import dev.relib.runtime.UnloadReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the threads still running a module's code once its calls have drained. */
public final class ModuleThreadCheck {
  private static final long STARTING_GRACE_NANOS = Duration.ofMillis(50).toNanos();

  private ModuleThreadCheck() {}

  /**
   * The platform threads found running module code, each described; the virtual ones; notes on what
   * could not be looked at; and every other platform thread's stack as last seen.
   */
  public record Found(
      Set<Thread> running,
      List<UnloadReport.ModuleThread> described,
      int virtual,
      List<String> notes,
      Map<Thread, StackTraceElement[]> lastLook) {
    public int count() {
      return running.size() + virtual;
    }
  }

  /**
   * Waits up to {@code wait} for the module's threads to end, then names those still running. The
   * first look is {@code firstLook} where the caller has one that is still true, else a new one.
   * Virtual threads are looked for only when {@code startsVirtualThreads}: a thread dump lists
   * them, at a cost.
   */
  public static Found run(
      ClassLoader loader,
      Duration wait,
      Map<Thread, StackTraceElement[]> firstLook,
      boolean startsVirtualThreads) {
    String loaderName = loader.getName();
    long start = System.nanoTime();
    long deadline = start + wait.toNanos();
    long pause = CallDrain.FIRST_PAUSE_NANOS;
    Map<Thread, StackTraceElement[]> look = firstLook;
    Map<Thread, String> running;
    while (true) {
      running = new LinkedHashMap<>();
      boolean starting = false;
      if (look == null) {
        look = ThreadScan.others();
      }
      for (Map.Entry<Thread, StackTraceElement[]> thread : look.entrySet()) {
        String reason =
            ThreadScan.moduleCodeReason(thread.getKey(), thread.getValue(), loader, loaderName);
        if (reason != null) {
          running.put(thread.getKey(), reason);
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
      if (settled || remaining <= 0 || !CallDrain.pause(Math.min(pause, remaining))) {
        break;
      }
      look = null;
      pause = Math.min(pause * 2, CallDrain.LONGEST_PAUSE_NANOS);
    }
    List<UnloadReport.ModuleThread> described = new ArrayList<>();
    for (Map.Entry<Thread, String> thread : running.entrySet()) {
      described.add(
          ThreadScan.describe(
              thread.getKey(), look.get(thread.getKey()), loaderName, thread.getValue()));
    }
    List<String> notes = new ArrayList<>();
    int virtual = 0;
    // Not looked for when no class of the module names a method that starts one: nothing to say.
    if (Runtime.version().feature() >= 21 && startsVirtualThreads) {
      if (!VirtualThreads.supported()) {
        notes.add("virtual threads are not visible without the JDK module jdk.management");
      } else {
        try {
          for (UnloadReport.ModuleThread thread : VirtualThreads.running(loaderName)) {
            described.add(thread);
            virtual++;
          }
        } catch (Exception e) {
          notes.add("virtual threads could not be listed: the thread dump failed: " + e);
        }
      }
    }
    return new Found(Set.copyOf(running.keySet()), described, virtual, notes, look);
  }
}
