package dev.relib.runtime.internal.threads;

import java.util.concurrent.ThreadFactory;

/**
 * Starts the runtime's own threads: daemons, so that none keeps the JVM up; without the creating
 * thread's inheritable thread-locals and with the runtime's loader as context loader, so that none
 * holds a module that happened to be on the creating thread.
 */
public final class Daemons {
  private static final ClassLoader RUNTIME_LOADER = Daemons.class.getClassLoader();

  private Daemons() {}

  /** A daemon thread, not started, whose context loader is {@code contextLoader}. */
  public static Thread create(String name, ClassLoader contextLoader, Runnable task) {
    Thread thread = new Thread(null, task, name, 0, false);
    thread.setDaemon(true);
    thread.setContextClassLoader(contextLoader);
    return thread;
  }

  /** Starts {@code task} on a daemon thread of its own. */
  public static Thread start(String name, Runnable task) {
    return start(name, RUNTIME_LOADER, task);
  }

  /** Starts {@code task} on a daemon thread of its own whose context loader is {@code loader}. */
  public static Thread start(String name, ClassLoader contextLoader, Runnable task) {
    Thread thread = create(name, contextLoader, task);
    thread.start();
    return thread;
  }

  /** A factory of such threads, all named {@code name}. */
  public static ThreadFactory factory(String name) {
    return task -> create(name, RUNTIME_LOADER, task);
  }
}
