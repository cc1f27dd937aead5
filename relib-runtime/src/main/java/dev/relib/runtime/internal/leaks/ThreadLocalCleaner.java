package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.jdk.Internals;
import dev.relib.runtime.internal.threads.ThreadScan;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Thread-locals on live threads whose value (or key) is the module's: the map entry's value is a
 * strong reference from a thread, a GC root (README.md leak table, row 4). The entry is cleared in
 * place, as its owner could not reach it through the module's {@code ThreadLocal} any more anyway.
 * A value that is a {@link Reference} is judged by its referent (Jackson's buffer recycler is a
 * {@code ThreadLocal<SoftReference<BufferRecycler>>}, which a GC without memory pressure keeps).
 *
 * <p>A thread-local the module owns but whose value is of a JDK type (a {@code static final
 * ThreadLocal<byte[]>}) does not hold the module: it is collected with the loader, and its entries
 * go stale on every thread that set it. A stale value stays until its thread happens to expunge
 * it, which may be never; {@link #freeStale} frees them once the proof has seen the loader go.
 */
public final class ThreadLocalCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "thread-local";
  }

  /** One entry of a thread's thread-local maps, and whether it is of the inheritable one. */
  private record Slot(Reference<?> entry, boolean inheritable) {}

  /** The JDK's thread-local map fields, opened for one pass over the threads. */
  private record Maps(Field threadLocals, Field inheritable, Field table, Field value) {
    static Maps open() throws Internals.Closed {
      try {
        Class<?> map = Class.forName("java.lang.ThreadLocal$ThreadLocalMap");
        return new Maps(
            Internals.field(Thread.class, "threadLocals"),
            Internals.field(Thread.class, "inheritableThreadLocals"),
            Internals.field(map, "table"),
            Internals.field(
                Class.forName("java.lang.ThreadLocal$ThreadLocalMap$Entry"), "value"));
      } catch (ClassNotFoundException | NoSuchFieldException e) {
        throw new IllegalStateException("this JDK's ThreadLocal has changed: " + e, e);
      }
    }

    /** The entries of both maps of a thread. */
    List<Slot> entries(Thread thread) throws IllegalAccessException {
      List<Slot> entries = new ArrayList<>();
      for (Field mapField : new Field[] {threadLocals, inheritable}) {
        Object map = mapField.get(thread);
        Object[] slots = map == null ? null : (Object[]) table.get(map);
        if (slots != null) {
          for (Object slot : slots) {
            if (slot != null) {
              entries.add(new Slot((Reference<?>) slot, mapField == inheritable));
            }
          }
        }
      }
      return entries;
    }
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) throws Exception {
    Maps maps;
    try {
      maps = Maps.open();
    } catch (Internals.Closed e) {
      findings.accept(new Leak(kind(), "every thread", Leak.Outcome.SKIPPED, "needs " + e.flag()));
      return;
    }
    for (Thread thread : scope.threads()) {
      for (Slot slot : maps.entries(thread)) {
        Reference<?> entry = slot.entry();
        Object key = entry.get();
        Object held = maps.value().get(entry);
        if (key == null) {
          // Stale before this unload: nobody's any more. Freed now, so that what goes stale
          // during the proof is the module's alone.
          maps.value().set(entry, null);
          continue;
        }
        if (scope.isModuleClass(key.getClass()) || scope.holdsModule(held)) {
          maps.value().set(entry, null);
          entry.clear();
          findings.accept(
              new Leak(
                  kind(),
                  CleanupScope.name(thread),
                  Leak.Outcome.CLEARED,
                  (slot.inheritable() ? "inheritable " : "")
                      + "value "
                      + (held == null ? "null" : held.getClass().getName())
                      + " of "
                      + key.getClass().getName()));
        }
      }
    }
  }

  /**
   * Frees the values of entries whose {@code ThreadLocal} was collected, on every live platform
   * thread: after a proof of collection, those are the module's thread-locals, gone with its
   * loader (entries already stale when the unload began were freed by {@link #clean}). A stale
   * value can be reached by nobody; the JDK would free it itself on that thread's next expunge.
   *
   * @return what was freed, empty if nothing was or the JDK's maps are closed to the runtime
   */
  public static List<Leak> freeStale() {
    Maps maps;
    try {
      maps = Maps.open();
    } catch (Internals.Closed e) {
      return List.of();
    }
    int values = 0;
    Set<String> types = new TreeSet<>();
    List<String> threads = new ArrayList<>();
    for (Thread thread : liveThreads()) {
      int before = values;
      try {
        for (Slot slot : maps.entries(thread)) {
          if (slot.entry().get() == null) {
            Object held = maps.value().get(slot.entry());
            if (held != null) {
              maps.value().set(slot.entry(), null);
              types.add(held.getClass().getTypeName());
              values++;
            }
          }
        }
      } catch (IllegalAccessException | RuntimeException e) {
        // A map being resized by its owner: what could be read was freed.
      }
      if (values > before) {
        threads.add(CleanupScope.name(thread));
      }
    }
    if (values == 0) {
      return List.of();
    }
    return List.of(
        new Leak(
            "thread-local",
            String.join(", ", threads),
            Leak.Outcome.CLEARED,
            values
                + " stale value(s) ("
                + String.join(", ", types)
                + ") of thread-locals collected with the module, freed"));
  }

  private static List<Thread> liveThreads() {
    ThreadGroup root = ThreadScan.rootGroup();
    Thread[] threads = new Thread[root.activeCount() + 16];
    int count;
    while ((count = root.enumerate(threads, true)) == threads.length) {
      threads = new Thread[threads.length * 2];
    }
    return Arrays.asList(threads).subList(0, count);
  }
}
