package dev.relib.runtime.internal.threads;

import dev.relib.bridge.BridgeNames;
import dev.relib.runtime.UnloadReport;
import dev.relib.runtime.internal.jdk.Internals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, from the threads' stacks, which threads are inside a module: the runtime counts nothing
 * per call, so a stack is the only record of a call in flight. Frames are matched to the module by
 * the name of their class's loader, which is unique per loaded module.
 */
public final class ThreadScan {
  private static final int MAX_FRAMES = 6;

  private ThreadScan() {}

  /** How a thread is involved with a module. */
  public enum Involvement {
    /** Entered the module through a bridge and has not returned yet. */
    IN_CALL("inside a call of the module"),
    /** Passed a bridge's guard and is about to enter the module, or has just left it. */
    IN_TRANSIT("passing through a bridge of the module's API"),
    /** Has module frames on its stack, or its class is the module's: the module's own thread. */
    RUNS_MODULE_CODE("runs module code"),
    NONE("");

    public final String description;

    Involvement(String description) {
      this.description = description;
    }
  }

  /** The live platform threads and their stacks, the calling thread left out. */
  public static Map<Thread, StackTraceElement[]> others() {
    Map<Thread, StackTraceElement[]> all = new LinkedHashMap<>(Thread.getAllStackTraces());
    all.remove(Thread.currentThread());
    return all;
  }

  /**
   * Whether a thread is in a call that entered the module from outside: a module frame lies above a
   * bridge frame, and the bottom-most bridge frame is below the bottom-most module frame (a thread
   * the module started has its own frames at the bottom and is not a call in flight).
   */
  private static final String PARKED = CallPause.Parking.class.getName();

  public static Involvement callInvolvement(StackTraceElement[] stack, String loaderName) {
    int deepestModuleFrame = -1;
    int deepestBridgeFrame = -1;
    for (int i = 0; i < stack.length; i++) {
      if (loaderName.equals(stack[i].getClassLoaderName())) {
        deepestModuleFrame = i;
      } else if (BridgeNames.isBridge(stack[i].getClassName())) {
        deepestBridgeFrame = i;
      }
    }
    if (deepestModuleFrame >= 0 && deepestBridgeFrame > deepestModuleFrame) {
      return Involvement.IN_CALL;
    }
    for (StackTraceElement frame : stack) {
      String className = frame.getClassName();
      if (className.equals(PARKED)) {
        return Involvement.NONE; // held by a state hand-over, not on its way into any version
      }
      if (BridgeNames.isBridge(className)) {
        return Involvement.IN_TRANSIT;
      }
      if (!isPlumbing(className)) {
        break;
      }
    }
    return Involvement.NONE;
  }

  // What a bridge calls besides the target: JDK copies, the context, the exception translation.
  private static boolean isPlumbing(String className) {
    return className.startsWith("java.")
        || className.startsWith("jdk.")
        || className.startsWith("dev.relib.bridge.")
        || className.startsWith("dev.relib.runtime.");
  }

  /**
   * Why a thread counts as running module code, or null if it does not: a module frame on its
   * stack, a thread class or Runnable of the module, or no frame yet (just started) while its
   * context class loader is the module's.
   */
  public static String moduleCodeReason(
      Thread thread, StackTraceElement[] stack, ClassLoader loader, String loaderName) {
    if (thread.getClass().getClassLoader() == loader) {
      return "is of the module's thread class " + thread.getClass().getName();
    }
    if (hasModuleFrame(stack, loaderName)) {
      return "runs module code";
    }
    Object runnable = runnableOf(thread);
    if (runnable != null && runnable.getClass().getClassLoader() == loader) {
      return "runs the module's " + runnable.getClass().getName();
    }
    // A thread shows no frame until it runs its first method: one the module has just started.
    if (stack.length == 0 && thread.getContextClassLoader() == loader) {
      return "is starting, with the module's loader as its context class loader";
    }
    return null;
  }

  /**
   * The platform threads, this one left out, that run the module's code now, named as the unload's
   * thread check names them (one look, no wait): what a failed load leaves behind.
   */
  public static List<UnloadReport.ModuleThread> runningModuleCode(
      ClassLoader loader, String loaderName) {
    List<UnloadReport.ModuleThread> running = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> thread : others().entrySet()) {
      String reason = moduleCodeReason(thread.getKey(), thread.getValue(), loader, loaderName);
      if (reason != null) {
        running.add(describe(thread.getKey(), thread.getValue(), loaderName, reason));
      }
    }
    return running;
  }

  /** The threads as a sentence of a message: each named, with why and its top module frame. */
  public static String sentence(List<UnloadReport.ModuleThread> threads) {
    StringBuilder text = new StringBuilder();
    for (UnloadReport.ModuleThread thread : threads) {
      text.append(text.length() == 0 ? "" : "; ")
          .append('"')
          .append(thread.name())
          .append("\" (")
          .append(thread.state())
          .append(thread.daemon() ? ", daemon" : "")
          .append(") ")
          .append(thread.why());
      if (!thread.topFrames().isEmpty()) {
        text.append(" at ").append(thread.topFrames().get(0));
      }
    }
    return text.toString();
  }

  /**
   * Whether a pool worker is about to run a task of the module: its {@code firstTask}, the task it
   * was created for, is the module's (directly, or inside a {@code FutureTask} or the adapter
   * {@code submit(Runnable)} wraps it in). Such a thread shows only JDK frames until the task
   * starts, and its context loader says nothing when the module's calls do not switch it.
   */
  public static boolean aboutToRunModuleTask(Thread thread, ClassLoader loader) {
    Object worker = runnableOf(thread);
    if (worker == null
        || !worker.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")) {
      return false;
    }
    try {
      Object task = Internals.field(worker.getClass(), "firstTask").get(worker);
      for (int depth = 0; task != null && depth < 3; depth++) {
        if (task.getClass().getClassLoader() == loader) {
          return true;
        }
        String type = task.getClass().getName();
        if (type.equals("java.util.concurrent.FutureTask")) {
          task = Internals.field(task.getClass(), "callable").get(task);
        } else if (type.equals("java.util.concurrent.Executors$RunnableAdapter")) {
          task = Internals.field(task.getClass(), "task").get(task);
        } else {
          return false;
        }
      }
    } catch (Internals.Closed | ReflectiveOperationException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /** The JVM's root thread group, above the current thread's. */
  public static ThreadGroup rootGroup() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root;
  }

  // Best effort: without --add-opens java.base/java.lang the frames have to tell.
  private static Object runnableOf(Thread thread) {
    try {
      return Internals.runnableOf(thread);
    } catch (Internals.Closed | ReflectiveOperationException e) {
      return null;
    }
  }

  /** The thread as the report names it, with its top frames: the module's first, then the top. */
  public static UnloadReport.ModuleThread describe(
      Thread thread, StackTraceElement[] stack, String loaderName, String why) {
    return describe(thread.getName(), thread.getState(), thread.isDaemon(), stack, loaderName, why);
  }

  /** A thread known by its name, state and stack only (a virtual thread in a thread dump). */
  static UnloadReport.ModuleThread describe(
      String name,
      Thread.State state,
      boolean daemon,
      StackTraceElement[] stack,
      String loaderName,
      String why) {
    List<String> frames = new ArrayList<>();
    for (StackTraceElement frame : stack) {
      if (frames.size() == MAX_FRAMES) {
        break;
      }
      if (loaderName.equals(frame.getClassLoaderName())) {
        frames.add(plain(frame));
      }
    }
    if (frames.isEmpty()) {
      for (int i = 0; i < Math.min(MAX_FRAMES, stack.length); i++) {
        frames.add(plain(stack[i]));
      }
    }
    return new UnloadReport.ModuleThread(name, state, daemon, why, frames);
  }

  /** Whether the stack holds a frame of the module's code. */
  public static boolean hasModuleFrame(StackTraceElement[] stack, String loaderName) {
    for (StackTraceElement frame : stack) {
      if (loaderName.equals(frame.getClassLoaderName())) {
        return true;
      }
    }
    return false;
  }

  // Without the loader name: the report already says which module it is.
  private static String plain(StackTraceElement frame) {
    return new StackTraceElement(
            frame.getClassName(), frame.getMethodName(), frame.getFileName(), frame.getLineNumber())
        .toString();
  }
}
