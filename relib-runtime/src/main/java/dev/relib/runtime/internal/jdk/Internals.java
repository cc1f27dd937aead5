package dev.relib.runtime.internal.jdk;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;

/**
 * Access to JDK internals for the cures that need it. Each needs the JVM started with an {@code
 * --add-opens} flag; without it the check is skipped and the report names the flag.
 */
public final class Internals {
  private static final String RUNTIME_MODULE =
      Internals.class.getModule().isNamed()
          ? Internals.class.getModule().getName()
          : "ALL-UNNAMED";

  private Internals() {}

  /** The package of {@code owner} is not open to the runtime. */
  public static final class Closed extends Exception {
    private static final long serialVersionUID = 1L;

    Closed(Class<?> owner, Throwable cause) {
      super(Internals.flag(owner), cause);
    }

    /** The flag that opens it. */
    public String flag() {
      return getMessage();
    }
  }

  /**
   * The flag that opens the package of {@code owner} to the runtime: to {@code ALL-UNNAMED} on the
   * class path, to the runtime's module by its name on the module path.
   */
  public static String flag(Class<?> owner) {
    return "--add-opens "
        + owner.getModule().getName()
        + "/"
        + owner.getPackageName()
        + "="
        + RUNTIME_MODULE;
  }

  /** Whether the JDK module {@code jdkModule} is in the boot layer. */
  public static boolean present(String jdkModule) {
    return ModuleLayer.boot().findModule(jdkModule).isPresent();
  }

  public static Field field(Class<?> owner, String name) throws Closed, NoSuchFieldException {
    Field field = owner.getDeclaredField(name);
    try {
      field.setAccessible(true);
    } catch (InaccessibleObjectException e) {
      throw new Closed(owner, e);
    }
    return field;
  }

  public static Method method(Class<?> owner, String name, Class<?>... parameters)
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
  public static Object runnableOf(Thread thread) throws Closed, ReflectiveOperationException {
    try {
      return field(Thread.class, "target").get(thread);
    } catch (NoSuchFieldException e) {
      Object holder = field(Thread.class, "holder").get(thread);
      return holder == null ? null : field(holder.getClass(), "task").get(holder);
    }
  }
}
