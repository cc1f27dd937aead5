package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.jdk.Internals;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.TimerTask;
import java.util.function.Consumer;

/**
 * {@code java.util.Timer} threads holding the module: a timer the module created (its thread's
 * context class loader is the module's) is cancelled as {@code Timer.cancel()} would; module tasks
 * queued on a host's timer are cancelled and removed as {@code Timer.purge()} would (README.md leak
 * table, row 3). The timer's thread holds only the queue, so this goes through {@code java.util}
 * internals.
 */
final class TimerCleaner implements LeakCleaner {
  private static final String TIMER_THREAD = "java.util.TimerThread";

  @Override
  public String kind() {
    return "timer";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) throws Exception {
    for (Thread thread : scope.threads()) {
      if (!thread.getClass().getName().equals(TIMER_THREAD)) {
        continue;
      }
      try {
        clean(scope, thread, findings);
      } catch (Internals.Closed e) {
        findings.accept(
            new Leak(kind(), "timer threads", Leak.Outcome.SKIPPED, "needs " + e.flag()));
        return;
      }
    }
  }

  private void clean(CleanupScope scope, Thread thread, Consumer<Leak> findings)
      throws Internals.Closed, ReflectiveOperationException {
    Object queue = Internals.field(thread.getClass(), "queue").get(thread);
    Class<?> queueClass = queue.getClass();
    Field tasksField = Internals.field(queueClass, "queue");
    Field sizeField = Internals.field(queueClass, "size");
    boolean createdByModule = thread.getContextClassLoader() == scope.loader();
    synchronized (queue) {
      TimerTask[] tasks = (TimerTask[]) tasksField.get(queue);
      int size = sizeField.getInt(queue);
      int moduleTasks = 0;
      for (int i = 1; i <= size; i++) {
        if (scope.holdsModule(tasks[i])) {
          moduleTasks++;
        }
      }
      if (createdByModule || (moduleTasks > 0 && moduleTasks == size)) {
        Internals.field(thread.getClass(), "newTasksMayBeScheduled").setBoolean(thread, false);
        Internals.method(queueClass, "clear").invoke(queue);
        queue.notify();
        findings.accept(
            new Leak(
                kind(),
                CleanupScope.name(thread),
                Leak.Outcome.CLEARED,
                "timer cancelled, " + size + " queued task(s) dropped"));
      } else if (moduleTasks > 0) {
        Method quickRemove = Internals.method(queueClass, "quickRemove", int.class);
        for (int i = size; i >= 1; i--) {
          if (scope.holdsModule(tasks[i])) {
            tasks[i].cancel();
            quickRemove.invoke(queue, i);
          }
        }
        Internals.method(queueClass, "heapify").invoke(queue);
        findings.accept(
            new Leak(
                kind(),
                CleanupScope.name(thread),
                Leak.Outcome.CLEARED,
                moduleTasks + " module task(s) cancelled and removed from the host's timer"));
      }
    }
  }
}
