package dev.relib.runtime.internal.leaks;

import java.lang.ref.Reference;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What the leak cleaners of one unload work on: the module's loader, the host's loader, the live
 * threads, and the threads found still running module code (left alone by the cleaners).
 *
 * @param loader the module's loader
 * @param hostLoader what threads get back as their context class loader
 * @param threads the live platform threads when the step began
 * @param moduleThreads threads that still run module code (unload proceeded despite them)
 * @param defaults process-wide defaults as they were when the module was loaded
 */
public record CleanupScope(
    ClassLoader loader,
    ClassLoader hostLoader,
    Collection<Thread> threads,
    Set<Thread> moduleThreads,
    HostDefaults defaults) {
  // How far into a collection a value is searched: enough for a holder, bounded for a big cache.
  private static final int MAX_ELEMENTS = 256;

  /** Whether a class (or an array's element class) was defined by the module's loader. */
  boolean isModuleClass(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    return element.getClassLoader() == loader;
  }

  /**
   * Whether a value is of a module class, is the loader, or is a JDK collection, map or array
   * holding one directly, or a reference whose referent is one of these. Only JDK containers are
   * searched: iterating a module's own collection would run module code, and it is of a module
   * class anyway.
   */
  boolean holdsModule(Object value) {
    if (value == null) {
      return false;
    }
    if (value == loader || isModuleClass(value.getClass())) {
      return true;
    }
    if (value instanceof Reference<?> reference) {
      // Judged by its referent: a soft one outlives every GC without memory pressure.
      Object referent = reference.get();
      return referent != null && !(referent instanceof Reference) && holdsModule(referent);
    }
    if (value.getClass().getClassLoader() != null) {
      return false;
    }
    try {
      if (value instanceof Object[] array) {
        for (int i = 0; i < Math.min(array.length, MAX_ELEMENTS); i++) {
          if (isModuleValue(array[i])) {
            return true;
          }
        }
      } else if (value instanceof Collection<?> collection) {
        return anyModuleValue(collection.iterator());
      } else if (value instanceof Map<?, ?> map) {
        return anyModuleValue(map.keySet().iterator()) || anyModuleValue(map.values().iterator());
      }
    } catch (RuntimeException e) {
      // Modified concurrently by its owner: what could be read was searched.
      return false;
    }
    return false;
  }

  private boolean anyModuleValue(Iterator<?> values) {
    for (int i = 0; i < MAX_ELEMENTS && values.hasNext(); i++) {
      if (isModuleValue(values.next())) {
        return true;
      }
    }
    return false;
  }

  private boolean isModuleValue(Object value) {
    return value != null && (value == loader || isModuleClass(value.getClass()));
  }

  /** How the report names a thread. */
  public static String name(Thread thread) {
    return "thread \"" + thread.getName() + "\"";
  }
}
