package dev.relib.runtime.internal.threads;

import dev.relib.runtime.UnloadReport;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What is known to hold a closed module's loader while its proof runs: a thread the thread check
 * found running module code that is still alive and still shows it (its frames, or its class), or a
 * virtual thread still listed.
 */
public final class StillRunning {
  private StillRunning() {}

  /**
   * A supplier of the first such thread's description, or null once none is. It holds the threads
   * only weakly: a thread of a module class that ends must not be kept. Virtual threads are listed
   * again (a thread dump) only until they are seen gone.
   */
  public static Supplier<String> watch(Set<Thread> threads, int virtual, String loaderName) {
    if (threads.isEmpty() && virtual == 0) {
      return () -> null;
    }
    List<WeakReference<Thread>> watched = new ArrayList<>();
    for (Thread thread : threads) {
      watched.add(new WeakReference<>(thread));
    }
    boolean[] virtualGone = {virtual == 0};
    return () -> {
      for (WeakReference<Thread> reference : watched) {
        Thread thread = reference.get();
        if (thread != null && thread.isAlive() && showsModuleCode(thread, loaderName)) {
          return "thread \"" + thread.getName() + "\" still runs module code";
        }
      }
      if (!virtualGone[0]) {
        try {
          List<UnloadReport.ModuleThread> running = VirtualThreads.running(loaderName);
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
}
