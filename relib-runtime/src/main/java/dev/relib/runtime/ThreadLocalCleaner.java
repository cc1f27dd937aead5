package dev.relib.runtime;

import dev.relib.runtime.UnloadReport.Leak;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.function.Consumer;

/**
 * Thread-locals on live threads whose value (or key) is the module's: the map entry's value is a
 * strong reference from a thread, a GC root (README.md leak table, row 4). The entry is cleared in
 * place, as its owner could not reach it through the module's {@code ThreadLocal} any more anyway.
 */
final class ThreadLocalCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "thread-local";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) throws Exception {
    Field threadLocals;
    Field inheritable;
    Field table;
    Field value;
    try {
      threadLocals = Internals.field(Thread.class, "threadLocals");
      inheritable = Internals.field(Thread.class, "inheritableThreadLocals");
      Class<?> map = Class.forName("java.lang.ThreadLocal$ThreadLocalMap");
      table = Internals.field(map, "table");
      value = Internals.field(Class.forName("java.lang.ThreadLocal$ThreadLocalMap$Entry"), "value");
    } catch (Internals.Closed e) {
      findings.accept(new Leak(kind(), "every thread", Leak.Outcome.SKIPPED, "needs " + e.flag()));
      return;
    }
    for (Thread thread : scope.threads()) {
      for (Field mapField : new Field[] {threadLocals, inheritable}) {
        Object map = mapField.get(thread);
        Object[] entries = map == null ? null : (Object[]) table.get(map);
        if (entries == null) {
          continue;
        }
        for (Object entry : entries) {
          if (entry == null) {
            continue;
          }
          Object key = ((Reference<?>) entry).get();
          Object held = value.get(entry);
          boolean moduleKey = key != null && scope.isModuleClass(key.getClass());
          if (moduleKey || scope.holdsModule(held)) {
            // A stale entry (null key) is expunged by its owner's next lookup.
            value.set(entry, null);
            ((Reference<?>) entry).clear();
            findings.accept(
                new Leak(
                    kind(),
                    CleanupScope.name(thread),
                    Leak.Outcome.CLEARED,
                    (mapField == inheritable ? "inheritable " : "")
                        + "value "
                        + (held == null ? "null" : held.getClass().getName())
                        + " of "
                        + (key == null ? "a collected ThreadLocal" : key.getClass().getName())));
          }
        }
      }
    }
  }
}
