package dev.relib.runtime.internal.load;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Proves that a state one version of a module handed over holds no object of a module's classes:
 * the generated copy should make that so, and a state that did not would keep the old version's
 * loader alive in the next one.
 *
 * <p>Walks the state's graph: the instance fields of the API's records and classes, the elements of
 * JDK collections, maps, {@code Optional}s and arrays. Other JDK objects (strings, boxes, times)
 * hold nothing of a module. An API object whose fields cannot be read (its package not open to the
 * runtime) is refused too: what cannot be looked into cannot be proven.
 */
public final class StateCheck {
  private StateCheck() {}

  /**
   * Null if nothing reachable from {@code state} is of a module's class loader; otherwise where the
   * first such object sits, e.g. {@code state.names[2] is a m.Name of loader relib:counter#3}.
   */
  public static String moduleObjectIn(Object state) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> work = new ArrayDeque<>();
    work.push(new Node(state, "state"));
    while (!work.isEmpty()) {
      Node node = work.pop();
      Object value = node.value();
      if (value == null || !seen.add(value)) {
        continue;
      }
      Class<?> type = value.getClass();
      if (type.getClassLoader() instanceof ModuleClassLoader loader) {
        return node.path() + " is a " + type.getName() + " of loader " + loader.getName();
      }
      if (type.isArray()) {
        if (!type.getComponentType().isPrimitive()) {
          for (int i = Array.getLength(value) - 1; i >= 0; i--) {
            work.push(new Node(Array.get(value, i), node.path() + "[" + i + "]"));
          }
        }
      } else if (value instanceof Collection<?> collection && isJdk(type)) {
        int i = 0;
        for (Object element : collection) {
          work.push(new Node(element, node.path() + "[" + i++ + "]"));
        }
      } else if (value instanceof Map<?, ?> map && isJdk(type)) {
        int i = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          Object key = entry.getKey();
          work.push(new Node(key, node.path() + " key #" + i));
          work.push(new Node(entry.getValue(), node.path() + "[" + keyText(key, i++) + "]"));
        }
      } else if (value instanceof Optional<?> optional) {
        optional.ifPresent(content -> work.push(new Node(content, node.path() + ".get()")));
      } else if (!isJdk(type)) {
        String closed = pushFields(value, node.path(), work);
        if (closed != null) {
          return closed;
        }
      }
    }
    return null;
  }

  private static String pushFields(Object value, String path, Deque<Node> work) {
    for (Class<?> type = value.getClass();
        type != null && !isJdk(type);
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
          continue;
        }
        if (!field.trySetAccessible()) {
          return path
              + " is a "
              + value.getClass().getName()
              + " whose field "
              + field.getName()
              + " the runtime cannot read (its package is not open to relib)";
        }
        try {
          work.push(new Node(field.get(value), path + "." + field.getName()));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("field made accessible is not: " + field, e);
        }
      }
    }
    return null;
  }

  /**
   * A key as a path shows it: its text if it is a string, a box or an enum of the JDK, whose
   * {@code toString} runs no code of the module; else its place in the map. A module object used as
   * a key must not run on the thread checking the state: it might throw or never return.
   */
  private static String keyText(Object key, int index) {
    boolean plain =
        key instanceof String
            || key instanceof Number && isJdk(key.getClass())
            || key instanceof Boolean
            || key instanceof Character
            || key instanceof Enum<?> && isJdk(key.getClass());
    return plain ? String.valueOf(key) : "key #" + index;
  }

  private static boolean isJdk(Class<?> type) {
    return type.getClassLoader() == null
        || type.getClassLoader() == ClassLoader.getPlatformClassLoader();
  }

  private record Node(Object value, String path) {}
}
