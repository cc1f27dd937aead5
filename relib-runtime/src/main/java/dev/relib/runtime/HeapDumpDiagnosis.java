package dev.relib.runtime;

import dev.relib.runtime.UnloadReport.Holder;
import dev.relib.runtime.UnloadReport.Holder.Found;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Dumps the heap in-process and searches the dump for what holds a module's loader ({@link
 * HeapPaths}). Bounded: the analysis gives up at the options' diagnosis timeout, and the dump is
 * not taken without free disk space for it; the dump file is deleted afterwards unless the host
 * asked to keep it.
 */
final class HeapDumpDiagnosis {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private HeapDumpDiagnosis() {}

  /** Dumps and searches; never throws, a failure is the answer's note. */
  static Holder diagnose(String loaderName, UnloadOptions options) {
    long start = System.nanoTime();
    if (!Cleaners.present("jdk.management")) {
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
      long dumpStart = System.nanoTime();
      Dumper.dump(file);
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
          "the analysis of the heap dump passed its "
              + options.diagnosisTimeout().toMillis()
              + " ms (UnloadOptions.withDiagnosisTimeout)"
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

  /** Calls the MXBean; a class of its own so that the rest runs without jdk.management. */
  private static final class Dumper {
    static void dump(Path file) throws IOException {
      com.sun.management.HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      if (bean == null) {
        throw new IOException("this JVM has no HotSpotDiagnosticMXBean");
      }
      // Live objects only: the dump starts with a full GC, so what it shows is what is held.
      bean.dumpHeap(file.toString(), true);
    }
  }
}
