package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.testapi.HostLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What the runtime's tests share: a recording host import and bounded GC loops. */
final class Fixtures {
  private Fixtures() {}

  /** The host's implementation of {@link HostLog}: keeps every message. */
  static final class RecordingLog implements HostLog {
    final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
      messages.add(message);
    }
  }

  /** Runs GCs until the reference is cleared or the bound passes; never one GC and a sleep. */
  static boolean collected(WeakReference<?> reference, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    long waitMillis = 1;
    while (!reference.refersTo(null)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      System.gc();
      sleep(waitMillis);
      waitMillis = Math.min(waitMillis * 2, 100);
    }
    return true;
  }

  /** Heap in use once repeated GCs stop freeing memory (bounded to 20 rounds). */
  static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long previous = Long.MAX_VALUE;
    for (int round = 0; round < 20; round++) {
      System.gc();
      long used = runtime.totalMemory() - runtime.freeMemory();
      if (used >= previous - 256 * 1024) {
        return Math.min(used, previous);
      }
      previous = used;
    }
    return previous;
  }

  /**
   * The jars of one library of the matrix, as relib-runtime's pom copies them from Maven into
   * {@code target/library-matrix/<library>}, sorted by name.
   */
  static List<Path> libraryJars(String library) {
    String root = System.getProperty("relib.libraryMatrix");
    assertTrue(root != null, "relib.libraryMatrix is not set: run through Maven (see the pom)");
    try (Stream<Path> files = Files.list(Path.of(root, library))) {
      List<Path> jars = new ArrayList<>(files.filter(f -> f.toString().endsWith(".jar")).toList());
      assertTrue(!jars.isEmpty(), "no jars for " + library + " under " + root);
      jars.sort(null);
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code condition} holds, looking every few milliseconds, and fails naming {@code
   * what} if it does not within {@code bound}: the one way the tests wait for something to happen.
   */
  static void await(String what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    long pauseMillis = 1;
    while (!condition.getAsBoolean()) {
      assertTrue(
          System.nanoTime() - deadline < 0,
          what + " did not happen within " + bound.toMillis() + " ms");
      sleep(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 20);
    }
  }

  /** Waits until {@code thread} shows a frame of {@code method} of {@code owner} on its stack. */
  static void awaitInside(Thread thread, Class<?> owner, String method) {
    await(
        thread.getName() + " inside " + owner.getSimpleName() + "." + method,
        Duration.ofSeconds(30),
        () ->
            Arrays.stream(thread.getStackTrace())
                .anyMatch(
                    frame ->
                        frame.getClassName().equals(owner.getName())
                            && frame.getMethodName().equals(method)));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The live thread of this name, or null. */
  static Thread thread(String name) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(name)) {
        return thread;
      }
    }
    return null;
  }
}
