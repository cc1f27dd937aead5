package dev.relib.runtime.internal.heap;

import dev.relib.runtime.internal.jdk.Internals;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes, when it is safe, the reference a heap-dump holder path names: the path is followed again
 * in the live heap, by reflection, from its static root to the one field that holds the module, and
 * that field is cleared only if it is a cache the JDK fills again on demand. Everything else is
 * left alone and named, with the call that releases it where one is known.
 */
public final class HolderCure {
  private HolderCure() {}

  /** What a cure did, or why it did nothing; {@code cured} says which. */
  public record Outcome(boolean cured, String text) {}

  /**
   * Fields that are caches of the JDK: clearing one costs a recomputation, never a wrong answer.
   * Each is keyed by the simple name of its declaring class and its field name.
   */
  private static final List<String[]> CACHES =
      List.of(
          // JDK 17 to 19: a handle adapted with asType keeps its adaptation here (JDK-8078641);
          // from 20 on, the one cached adaptation of a handle to another loader's types is soft.
          new String[] {"java.lang.invoke.MethodHandle", "asTypeCache"},
          new String[] {"java.lang.invoke.MethodHandle", "asTypeSoftCache"});

  private static final String HIKARI = "HikariCP: close() the HikariDataSource in @BeforeUnload";

  private static final String OKHTTP =
      "OkHttp: dispatcher().executorService().shutdown(), connectionPool().evictAll(),"
          + " TaskRunner.INSTANCE.cancelAll() and the task runner backend's shutdown() in"
          + " @BeforeUnload";

  /**
   * Advice for holders that only the module can release, keyed by a text in the path: a class or
   * package of the library, or the name it gives its threads (a path from a thread straight to
   * its context class loader names no class of the library).
   */
  private static final List<String[]> ADVICE =
      List.of(
          new String[] {
            "jdk.jfr.internal.PlatformRecorder.changeListeners",
            "a flight-recorder listener of the module: call FlightRecorder.removeListener in"
                + " @BeforeUnload, or start the JVM with --add-opens"
                + " jdk.jfr/jdk.jfr.internal=ALL-UNNAMED and the runtime removes it (Netty 4.2:"
                + " or -Dio.netty.jfr.enabled=false)"
          },
          new String[] {
            "org.codehaus.groovy.reflection.ClassInfo",
            "Groovy: in @BeforeUnload, call InvokerHelper.removeClass(info.getTheClass()) for"
                + " every ClassInfo.getAllClassInfo(), and clear and close each GroovyClassLoader"
          },
          new String[] {"ch.qos.logback.", "Logback: stop the LoggerContext in @BeforeUnload"},
          new String[] {
            "org.apache.logging.log4j.", "Log4j 2: call LogManager.shutdown() in @BeforeUnload"
          },
          new String[] {
            "java.lang.ApplicationShutdownHooks.hooks",
            "a JVM shutdown hook of the module: remove it in @BeforeUnload"
                + " (Runtime.removeShutdownHook), or start the JVM with "
                + Internals.flag(Runtime.class)
                + " and the runtime removes it (Log4j 2: log4j2.shutdownHookEnabled=false in the"
                + " module's log4j2.component.properties, and LogManager.shutdown() in"
                + " @BeforeUnload)"
          },
          new String[] {
            // on a thread that is not Netty's, its FastThreadLocals live in one ThreadLocal
            "io.netty.util.internal.InternalThreadLocalMap",
            "Netty: call FastThreadLocal.removeAll() at the end of each call on the host's"
                + " threads that ran Netty code, or start the JVM with "
                + Internals.flag(ThreadLocal.class)
                + " and the runtime clears the thread-locals"
          },
          new String[] {
            "io.netty.",
            "Netty: shutdownGracefully().syncUninterruptibly() every event loop group"
                + " in @BeforeUnload"
          },
          new String[] {"com.zaxxer.hikari.", HIKARI},
          new String[] {"thread \"HikariPool-", HIKARI},
          new String[] {
            "okio.AsyncTimeout$Watchdog",
            "Okio: its Watchdog thread ignores interrupts and ends only 60 s after the last read,"
                + " write or call timeout; give the OkHttp client read, write and call timeouts"
                + " of 0 (bounding calls some other way) so that it never starts, or let the"
                + " unload wait that long"
          },
          new String[] {
            "kotlinx.coroutines.",
            "Kotlin coroutines: call Dispatchers.INSTANCE.shutdown() in @BeforeUnload, after"
                + " the module's scopes are cancelled"
          },
          new String[] {
            "com.fasterxml.jackson.core.util.BufferRecycler",
            "Jackson: build the JsonFactory with"
                + " .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()) instead of the"
                + " per-thread default, or start the JVM with "
                + Internals.flag(ThreadLocal.class)
                + " and the runtime clears the thread-locals"
          },
          new String[] {"okhttp3.", OKHTTP},
          new String[] {"thread \"OkHttp ", OKHTTP});

  private static final Pattern STATIC = Pattern.compile("static field ([\\w.$]+)\\.(\\w+)");
  private static final Pattern SLOT = Pattern.compile("([\\w.$]+)\\[(\\d+)]");
  private static final Pattern FIELD =
      Pattern.compile("([\\w.$]+)\\.(\\w+)( \\(soft reference\\))?");

  /**
   * Follows {@code path} (root first, as {@link HeapPaths} writes it) and clears its first edge
   * that is a known JDK cache.
   *
   * @return what was done, or null when the path names nothing this class knows
   */
  public static Outcome cure(List<String> path, ClassLoader hostLoader) {
    int cacheStep = -1;
    for (int i = 1; i < path.size() && cacheStep < 0; i++) {
      if (isCache(path.get(i))) {
        cacheStep = i;
      }
    }
    if (cacheStep < 0) {
      return advice(path);
    }
    String cache = path.get(cacheStep).replace(" (soft reference)", "");
    Matcher root = STATIC.matcher(path.get(0));
    if (!root.matches()) {
      return new Outcome(
          false, "held through the JDK cache " + cache + ", from a root no cure can follow");
    }
    try {
      Class<?> owner = Class.forName(root.group(1), false, hostLoader);
      Field field = Internals.field(owner, root.group(2));
      if (!Modifier.isStatic(field.getModifiers())) {
        return null;
      }
      Object object = field.get(null);
      for (int i = 1; i < cacheStep && object != null; i++) {
        object = next(object, path.get(i));
      }
      if (object == null) {
        return new Outcome(false, "the path to " + cache + " has changed since the heap dump");
      }
      Matcher holding = FIELD.matcher(path.get(cacheStep));
      if (!holding.matches()) {
        return null;
      }
      Field cacheField = declared(object.getClass(), holding.group(2));
      cacheField.set(object, null);
      return new Outcome(true, "cleared the JDK cache " + cache + " reached from " + path.get(0));
    } catch (Internals.Closed e) {
      return new Outcome(
          false,
          "held through the JDK cache "
              + cache
              + "; with "
              + e.flag()
              + " the runtime clears it at unload");
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new Outcome(false, "could not clear the JDK cache " + cache + ": " + e);
    }
  }

  private static boolean isCache(String step) {
    Matcher field = FIELD.matcher(step);
    if (!field.matches()) {
      return false;
    }
    for (String[] cache : CACHES) {
      if (cache[1].equals(field.group(2)) && field.group(1).startsWith("java.lang.invoke.")) {
        return true;
      }
    }
    return false;
  }

  private static Outcome advice(List<String> path) {
    for (String step : path) {
      for (String[] advice : ADVICE) {
        if (step.contains(advice[0])) {
          return new Outcome(false, advice[1]);
        }
      }
    }
    return null;
  }

  /** The object one step of the path leads to from {@code from}. */
  private static Object next(Object from, String step)
      throws ReflectiveOperationException, Internals.Closed {
    Matcher slot = SLOT.matcher(step);
    if (slot.matches() && from.getClass().isArray()) {
      int index = Integer.parseInt(slot.group(2));
      return index < Array.getLength(from) ? Array.get(from, index) : null;
    }
    Matcher field = FIELD.matcher(step);
    if (field.matches()) {
      return declared(from.getClass(), field.group(2)).get(from);
    }
    return null;
  }

  private static Field declared(Class<?> type, String name)
      throws NoSuchFieldException, Internals.Closed {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (field.getName().equals(name) && !Modifier.isStatic(field.getModifiers())) {
          return Internals.field(c, name);
        }
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }
}
