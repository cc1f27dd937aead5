package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.threads.ThreadScan;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Thread groups of module classes (README.md leak table, row 7). Up to JDK 18 a group stays in its
 * parent's list of subgroups until destroyed, and so keeps its class and the module's loader: an
 * empty one is destroyed here. From JDK 19 a parent no longer holds its subgroups (JDK-8286768) and
 * {@code destroy()} does nothing: an empty group needs no cure. A group that still has live threads
 * is reported on every JDK.
 */
final class ThreadGroupCleaner implements LeakCleaner {
  private static final boolean PARENTS_HOLD_GROUPS = Runtime.version().feature() < 19;

  @Override
  public String kind() {
    return "thread group";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) {
    for (ThreadGroup group : allGroups()) {
      if (!scope.isModuleClass(group.getClass())) {
        continue;
      }
      String where = "thread group \"" + group.getName() + "\"";
      int threads = group.activeCount();
      if (threads > 0) {
        findings.accept(
            new Leak(
                kind(),
                where,
                Leak.Outcome.REPORTED,
                group.getClass().getName() + " still has " + threads + " live thread(s)"));
      } else if (PARENTS_HOLD_GROUPS) {
        destroy(group, where, findings);
      }
    }
  }

  @SuppressWarnings({"deprecation", "removal"})
  private void destroy(ThreadGroup group, String where, Consumer<Leak> findings) {
    try {
      if (!group.isDestroyed()) {
        group.destroy();
      }
      findings.accept(
          new Leak(
              kind(),
              where,
              Leak.Outcome.CLEARED,
              group.getClass().getName() + " destroyed: its parent held it"));
    } catch (IllegalThreadStateException e) {
      // A thread started in it since it was counted.
      findings.accept(
          new Leak(
              kind(),
              where,
              Leak.Outcome.REPORTED,
              group.getClass().getName() + " not destroyed: a thread started in it meanwhile"));
    }
  }

  private static ThreadGroup[] allGroups() {
    ThreadGroup root = ThreadScan.rootGroup();
    ThreadGroup[] groups = new ThreadGroup[root.activeGroupCount() + 16];
    int count;
    while ((count = root.enumerate(groups, true)) == groups.length) {
      groups = new ThreadGroup[groups.length * 2];
    }
    return Arrays.copyOf(groups, count);
  }
}
