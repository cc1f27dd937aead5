package dev.relib.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;

/**
 * Access to JDK internals for the cures that need it. Each needs the JVM started with an {@code
 * --add-opens} flag; without it the check is skipped and the report names the flag.
 */
final class Internals {
  private Internals() {}

  /** The package of {@code owner} is not open to the runtime. */
  static final class Closed extends Exception {
    private static final long serialVersionUID = 1L;

    Closed(Class<?> owner, Throwable cause) {
      super(Internals.flag(owner), cause);
    }

    /** The flag that opens it. */
    String flag() {
      return getMessage();
    }
  }

  static String flag(Class<?> owner) {
    return "--add-opens "
        + owner.getModule().getName()
        + "/"
        + owner.getPackageName()
        + "=ALL-UNNAMED";
  }

  static Field field(Class<?> owner, String name) throws Closed, NoSuchFieldException {
    Field field = owner.getDeclaredField(name);
    try {
      field.setAccessible(true);
    } catch (InaccessibleObjectException e) {
      throw new Closed(owner, e);
    }
    return field;
  }

  static Method method(Class<?> owner, String name, Class<?>... parameters)
      throws Closed, NoSuchMethodException {
    Method method = owner.getDeclaredMethod(name, parameters);
    try {
      method.setAccessible(true);
    } catch (InaccessibleObjectException e) {
      throw new Closed(owner, e);
    }
    return method;
  }

  /**
   * The Runnable a thread was created with: {@code Thread.target} up to JDK 18, {@code
   * Thread.holder.task} from 19.
   */
  static Object runnableOf(Thread thread) throws Closed, ReflectiveOperationException {
    try {
      return field(Thread.class, "target").get(thread);
    } catch (NoSuchFieldException e) {
      Object holder = field(Thread.class, "holder").get(thread);
      return holder == null ? null : field(holder.getClass(), "task").get(holder);
    }
  }
}
