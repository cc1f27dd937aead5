package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.internal.jdk.Internals;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import java.beans.Introspector;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/** The leak cleaners an unload runs, in order, and the caches it flushes. */
public final class Cleaners {
  private Cleaners() {}

  /**
   * The cleaners this JVM supports. Timers and shutdown hooks are checked before the context class
   * loader is reset, as the reset would hide how they were created.
   */
  public static List<LeakCleaner> standard() {
    List<LeakCleaner> cleaners = new ArrayList<>();
    cleaners.add(new ThreadLocalCleaner());
    cleaners.add(new TimerCleaner());
    cleaners.add(new ShutdownHookCleaner());
    cleaners.add(new ContextLoaderCleaner());
    cleaners.add(new ThreadGroupCleaner());
    if (Internals.present("java.sql")) {
      cleaners.add(new JdbcDriverCleaner());
    }
    if (Internals.present("java.management")) {
      cleaners.add(new MBeanCleaner());
    }
    if (Internals.present("java.logging")) {
      cleaners.add(new LoggingCleaner());
    }
    if (Internals.present("java.desktop")) {
      cleaners.add(new ImageIoCleaner());
    }
    if (Internals.present("jdk.jfr")) {
      cleaners.add(new FlightRecorderCleaner());
    }
    cleaners.add(new NetDefaultsCleaner());
    cleaners.add(new SecurityProviderCleaner());
    cleaners.add(new MethodHandleCacheCleaner());
    return List.copyOf(cleaners);
  }

  /**
   * Flushes the JDK caches that hold the module's classes softly (README.md leak table, rows 19,
   * 20): harmless, but they defeat a proof of collection by {@code System.gc()}.
   *
   * @return what was flushed, for the report
   */
  public static List<String> flushCaches(ModuleClassLoader loader) {
    List<String> flushed = new ArrayList<>();
    ResourceBundle.clearCache(loader);
    flushed.add("ResourceBundle");
    if (loader.references(ModuleClassLoader.Api.BEANS) && Internals.present("java.desktop")) {
      Introspector.flushCaches();
      flushed.add("Introspector");
    }
    return flushed;
  }
}
