package dev.relib.runtime.internal.heap;

import dev.relib.runtime.UnloadOptions;
import dev.relib.runtime.UnloadReport.Holder;
import dev.relib.runtime.UnloadReport.Holder.Found;
import dev.relib.runtime.internal.jdk.HotSpot;
import dev.relib.runtime.internal.jdk.Internals;
import dev.relib.runtime.internal.threads.Daemons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Dumps the heap in-process and searches the dump for what holds a module's loader ({@link
 * HeapPaths}). Bounded: the analysis gives up at the options' diagnosis timeout (or when its thread
 * is interrupted), and the dump is not taken without free disk space for it; the dump file is
 * deleted afterwards unless the host asked to keep it.
 */
public final class HeapDumpDiagnosis {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  /**
   * How long past the diagnosis timeout the unloading thread waits: the analysis stops at the
   * timeout, but the dump it started from cannot be stopped, and the file is then deleted.
   */
  static final Duration MARGIN = Duration.ofSeconds(2);

  private HeapDumpDiagnosis() {}

  /**
   * Runs {@link #diagnose} on a daemon thread of its own, {@code relib-diagnosis:<module>}, and
   * waits for it at most the diagnosis timeout and {@link #MARGIN}. If the wait ends first (the
   * bound passed, or the waiting thread was interrupted, whose flag stays set), the answer is
   * {@link Found#NOT_DIAGNOSED} saying why; the diagnosis thread is interrupted, so that its
   * analysis stops at once, and it still deletes the dump.
   */
  public static Holder diagnoseOffThread(
      String moduleName, String loaderName, UnloadOptions options) {
    long start = System.nanoTime();
    CompletableFuture<Holder> answer = new CompletableFuture<>();
    // Not the unloading thread's context loader, which could be the module's and hold it.
    Thread thread =
        Daemons.start(
            "relib-diagnosis:" + moduleName,
            () -> {
              try {
                answer.complete(diagnose(loaderName, options));
              } catch (Throwable e) {
                answer.completeExceptionally(e);
              }
            });
    Duration bound = options.diagnosisTimeout().plus(MARGIN);
    String dump =
        options.keepHeapDumpIn().isPresent()
            ? "a dump, if taken, is kept in " + options.keepHeapDumpIn().get()
            : "a dump, if taken, is deleted";
    try {
      return answer.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      return notDiagnosed(
          start,
          "the diagnosis did not finish: the unloading thread was interrupted while waiting for"
              + " it; the analysis stops and "
              + dump);
    } catch (TimeoutException e) {
      thread.interrupt();
      return notDiagnosed(
          start,
          "the diagnosis did not finish within "
              + bound.toMillis()
              + " ms (UnloadOptions.withDiagnosisTimeout and a margin of "
              + MARGIN.toMillis()
              + " ms for the dump); the analysis stops and "
              + dump);
    } catch (ExecutionException e) {
      return notDiagnosed(start, "the diagnosis failed: " + e.getCause());
    }
  }

  /** Dumps and searches on the calling thread; never throws, a failure is the answer's note. */
  static Holder diagnose(String loaderName, UnloadOptions options) {
    long start = System.nanoTime();
    if (!Internals.present("jdk.management")) {
      return notDiagnosed(start, "the JDK module jdk.management, which dumps the heap, is absent");
    }
    Path file = null;
    boolean keep = options.keepHeapDumpIn().isPresent();
    try {
      Path directory =
          keep ? Files.createDirectories(options.keepHeapDumpIn().get()) : tempDirectory();
      Runtime runtime = Runtime.getRuntime();
      long needed = runtime.totalMemory() - runtime.freeMemory();
      long usable = Files.getFileStore(directory).getUsableSpace();
      if (usable < needed * 2) {
        return notDiagnosed(
            start,
            String.format(
                Locale.ROOT,
                "not dumped: %d MB free in %s, the heap uses %d MB",
                usable >> 20,
                directory,
                needed >> 20));
      }
      file =
          directory.resolve(
              "relib-"
                  + loaderName.replaceAll("[^A-Za-z0-9._-]", "_")
                  + "-"
                  + LocalDateTime.now().format(STAMP)
                  + ".hprof");
      Files.deleteIfExists(file);
      if (Thread.currentThread().isInterrupted()) {
        return notDiagnosed(start, "stopped before the heap dump: its thread was interrupted");
      }
      long dumpStart = System.nanoTime();
      HotSpot.dumpHeap(file);
      Duration dumpTime = Duration.ofNanos(System.nanoTime() - dumpStart);
      long bytes = Files.size(file);
      // The analysis keeps about 30 bytes per object, and an object takes about as many in the
      // dump: it must not take the host's last memory.
      long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
      if (bytes > free / 2) {
        return new Holder(
            Found.NOT_DIAGNOSED,
            List.of(),
            Duration.ofNanos(System.nanoTime() - start),
            dumpTime,
            bytes,
            String.format(
                    Locale.ROOT,
                    "not analysed: the dump (%d MB) is too large for the %d MB of free heap",
                    bytes >> 20,
                    free >> 20)
                + (keep
                    ? "; heap dump kept in " + file
                    : "; UnloadOptions.withKeepHeapDumpIn keeps it for a heap analyser"));
      }
      long deadline = start + options.diagnosisTimeout().toNanos();
      HeapPaths.Result result = HeapPaths.find(file, loaderName, deadline);
      String note = keep ? "heap dump kept in " + file : "";
      Duration time = Duration.ofNanos(System.nanoTime() - start);
      return switch (result.kind()) {
        case STRONG -> new Holder(Found.PATH, result.path(), time, dumpTime, bytes, note);
        case SOFT -> new Holder(Found.SOFT_PATH, result.path(), time, dumpTime, bytes, note);
        case NONE -> new Holder(Found.NO_PATH, List.of(), time, dumpTime, bytes, note);
        case NOT_IN_DUMP -> new Holder(Found.COLLECTED, List.of(), time, dumpTime, bytes, note);
      };
    } catch (HeapPaths.Timeout e) {
      return notDiagnosed(
          start,
          (Thread.currentThread().isInterrupted()
                  ? "the analysis of the heap dump was stopped: its thread was interrupted"
                  : "the analysis of the heap dump passed its "
                      + options.diagnosisTimeout().toMillis()
                      + " ms (UnloadOptions.withDiagnosisTimeout)")
              + (keep ? "; heap dump kept in " + file : ""));
    } catch (IOException | RuntimeException e) {
      return notDiagnosed(start, "the heap dump failed: " + e);
    } catch (OutOfMemoryError e) {
      // The analysis's arrays are garbage already: the host goes on, without the answer.
      return notDiagnosed(start, "the analysis of the heap dump ran out of memory");
    } finally {
      if (file != null && !keep) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // Left in the temporary directory, which the system cleans.
        }
      }
    }
  }

  private static Path tempDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static Holder notDiagnosed(long start, String why) {
    return new Holder(
        Found.NOT_DIAGNOSED,
        List.of(),
        Duration.ofNanos(System.nanoTime() - start),
        Duration.ZERO,
        0,
        why);
  }
}
