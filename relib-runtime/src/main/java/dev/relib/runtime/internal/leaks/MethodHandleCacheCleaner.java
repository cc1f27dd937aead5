package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.jdk.Internals;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The JDK's shared method handles (the array collectors behind {@code asCollector} and varargs
 * calls, identity and zero handles, array accessors) keep the last adaptation {@code asType} made
 * of them. Adapted to a type that names a module class (a script engine's or a dynamic language's
 * call sites do this), the cache keeps the module's loader: strongly on JDK 17 to 19 (JDK-8078641),
 * softly later. Such cache entries are cleared; the JDK recomputes them on demand.
 */
final class MethodHandleCacheCleaner implements LeakCleaner {
  private static final String[][] SHARED = {
    {"java.lang.invoke.MethodHandleImpl", "ARRAYS"},
    {"java.lang.invoke.MethodHandleImpl", "FAKE_METHOD_HANDLE_INVOKE"},
    {"java.lang.invoke.MethodHandleImpl", "HANDLES"},
    {"java.lang.invoke.MethodHandles", "IDENTITY_MHS"},
    {"java.lang.invoke.MethodHandles", "ZERO_MHS"},
    {"java.lang.invoke.MethodHandleImpl$ArrayAccessor", "OBJECT_ARRAY_GETTER"},
    {"java.lang.invoke.MethodHandleImpl$ArrayAccessor", "OBJECT_ARRAY_SETTER"},
    {"java.lang.invoke.MethodHandleImpl$ArrayAccessor", "OBJECT_ARRAY_LENGTH"},
  };

  @Override
  public String kind() {
    return "method-handle cache";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) throws Exception {
    List<Field> caches = new ArrayList<>();
    try {
      for (String name : new String[] {"asTypeCache", "asTypeSoftCache"}) {
        try {
          caches.add(Internals.field(MethodHandle.class, name));
        } catch (NoSuchFieldException e) {
          // Not in this JDK.
        }
      }
      for (String[] shared : SHARED) {
        Object value;
        try {
          value = Internals.field(Class.forName(shared[0]), shared[1]).get(null);
        } catch (ClassNotFoundException | NoSuchFieldException e) {
          continue;
        }
        List<Object> handles = new ArrayList<>();
        if (value instanceof Object[] array) {
          handles.addAll(java.util.Arrays.asList(array));
        } else {
          handles.add(value);
        }
        for (int i = 0; i < handles.size(); i++) {
          if (handles.get(i) instanceof MethodHandle handle) {
            clear(scope, handle, caches, shared[0] + "." + shared[1], findings);
          }
        }
      }
    } catch (Internals.Closed e) {
      findings.accept(
          new Leak(
              kind(),
              "the JDK's shared method handles",
              Leak.Outcome.SKIPPED,
              "needs " + e.flag()));
    }
  }

  private void clear(
      CleanupScope scope,
      MethodHandle handle,
      List<Field> caches,
      String where,
      Consumer<Leak> findings)
      throws IllegalAccessException {
    for (Field cache : caches) {
      Object cached = cache.get(handle);
      Object adapted = cached instanceof Reference<?> reference ? reference.get() : cached;
      if (adapted instanceof MethodHandle adaptedHandle && names(scope, adaptedHandle.type())) {
        cache.set(handle, null);
        findings.accept(
            new Leak(
                kind(),
                where,
                Leak.Outcome.CLEARED,
                "the "
                    + cache.getName()
                    + " of a "
                    + handle.type()
                    + " handle, adapted to "
                    + adaptedHandle.type()));
      }
    }
  }

  /** Whether a method type names a class of the module or of a loader the module made. */
  private static boolean names(CleanupScope scope, MethodType type) {
    if (owned(scope, type.returnType())) {
      return true;
    }
    for (Class<?> parameter : type.parameterList()) {
      if (owned(scope, parameter)) {
        return true;
      }
    }
    return false;
  }

  private static boolean owned(CleanupScope scope, Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    for (ClassLoader loader = element.getClassLoader();
        loader != null;
        loader = loader.getParent()) {
      if (loader == scope.loader() || scope.isModuleClass(loader.getClass())) {
        return true;
      }
    }
    return false;
  }
}
