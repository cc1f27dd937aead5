package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.jdk.Internals;
import dev.relib.runtime.internal.leaks.CleanupScope;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * Finds pool workers that hold a module while they run none of its code: a worker of a {@link
 * ThreadPoolExecutor} keeps its executor (its Runnable, {@code ThreadPoolExecutor$Worker}, is an
 * inner class), and the executor keeps its {@code ThreadFactory}, its {@code
 * RejectedExecutionHandler} and its own class. An executor the module created with a factory of its
 * own and never shut down holds the loader for as long as its workers wait for tasks: for ever, for
 * core threads. Only reported: the executor is the module's to shut down, in {@code @BeforeUnload}.
 *
 * <p>Reading a thread's Runnable needs {@code --add-opens java.base/java.lang}, and a worker's
 * executor {@code --add-opens java.base/java.util.concurrent}; without them, a pool worker started
 * from module code (its context class loader is the module's) is reported as not checked, with the
 * flags.
 */
public final class PoolWorkers {
  static final String KIND = "executor";
  private static final String WORKER = ThreadPoolExecutor.class.getName() + "$Worker";
  private static final String POOL = ThreadPoolExecutor.class.getName();

  private PoolWorkers() {}

  /**
   * Reports each pool worker, among {@code threads} but not {@code moduleThreads}, whose executor
   * holds the module's loader. Run before the context class loaders are reset.
   */
  public static void check(
      Map<Thread, StackTraceElement[]> threads,
      Set<Thread> moduleThreads,
      ClassLoader loader,
      Consumer<Leak> findings) {
    for (Map.Entry<Thread, StackTraceElement[]> entry : threads.entrySet()) {
      Thread thread = entry.getKey();
      if (moduleThreads.contains(thread)) {
        continue;
      }
      StackTraceElement[] stack = entry.getValue();
      Leak leak;
      try {
        leak = check(thread, stack, loader);
      } catch (Internals.Closed e) {
        leak = notChecked(thread, stack, loader, e);
      } catch (ReflectiveOperationException | RuntimeException e) {
        leak =
            new Leak(
                KIND, CleanupScope.name(thread), Leak.Outcome.FAILED, "could not be read: " + e);
      }
      if (leak != null) {
        findings.accept(leak);
      }
    }
  }

  private static Leak check(Thread thread, StackTraceElement[] stack, ClassLoader loader)
      throws Internals.Closed, ReflectiveOperationException {
    Object runnable = Internals.runnableOf(thread);
    if (runnable == null || !runnable.getClass().getName().equals(WORKER)) {
      return null;
    }
    ThreadPoolExecutor executor = executorOf(runnable);
    if (executor == null) {
      return null;
    }
    String held;
    if (executor.getThreadFactory().getClass().getClassLoader() == loader) {
      held =
          "its executor's ThreadFactory is the module's class "
              + executor.getThreadFactory().getClass().getName();
    } else if (executor.getClass().getClassLoader() == loader) {
      held = "its executor is of the module's class " + executor.getClass().getName();
    } else if (executor.getRejectedExecutionHandler().getClass().getClassLoader() == loader) {
      held =
          "its executor's RejectedExecutionHandler is the module's class "
              + executor.getRejectedExecutionHandler().getClass().getName();
    } else {
      return null;
    }
    return new Leak(
        KIND,
        CleanupScope.name(thread),
        Leak.Outcome.REPORTED,
        (idle(stack) ? "an idle pool worker" : "a pool worker")
            + ": "
            + held
            + ", which keeps the module's loader until the executor is shut down; shut it down"
            + " in @BeforeUnload");
  }

  public static ThreadPoolExecutor executorOf(Object worker)
      throws Internals.Closed, ReflectiveOperationException {
    for (Field field : worker.getClass().getDeclaredFields()) {
      if (ThreadPoolExecutor.class.isAssignableFrom(field.getType())) {
        return (ThreadPoolExecutor) Internals.field(worker.getClass(), field.getName()).get(worker);
      }
    }
    return null;
  }

  /**
   * Without the flags: a pool worker the module started may hold it; the report says how to know.
   */
  private static Leak notChecked(
      Thread thread, StackTraceElement[] stack, ClassLoader loader, Internals.Closed closed) {
    if (thread.getContextClassLoader() != loader || !inPool(stack)) {
      return null;
    }
    String flags =
        closed.flag().contains("java.lang=")
            ? closed.flag() + " " + Internals.flag(ThreadPoolExecutor.class)
            : closed.flag();
    return new Leak(
        KIND,
        CleanupScope.name(thread),
        Leak.Outcome.SKIPPED,
        (idle(stack) ? "an idle pool worker" : "a pool worker")
            + " started from module code (its context class loader was the module's): whether its"
            + " executor's ThreadFactory is a module class, which would keep the loader until the"
            + " executor is shut down, needs "
            + flags);
  }

  private static boolean inPool(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().equals(POOL)) {
        return true;
      }
    }
    return false;
  }

  private static boolean idle(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().equals(POOL) && frame.getMethodName().equals("getTask")) {
        return true;
      }
    }
    return false;
  }
}
