package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.UnloadReport.Holder;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap-dump diagnosis names what holds a module that was not collected. */
class HolderDiagnosisTest {
  /** The host's own static collection, which the module fills through reflection. */
  static final List<Object> HELD = new ArrayList<>();

  /** A thread-local of the host; its value on the test's thread is a module object. */
  static final ThreadLocal<Object> HOST_LOCAL = new ThreadLocal<>();

  private static final String STOP = "relib.test.stop-diagnosis-worker";

  private static final String RUN =
      """
      Class<?> host = ClassLoader.getSystemClassLoader()
          .loadClass("dev.relib.runtime.HolderDiagnosisTest");
      switch (command) {
        case "static" -> held(host).add(new Entry());
        case "soft" -> held(host).add(new java.lang.ref.SoftReference<>(new Entry()));
        case "local" -> {
          java.lang.reflect.Field field = host.getDeclaredField("HOST_LOCAL");
          field.setAccessible(true);
          // Wrapped, so that the thread-local cleaner does not recognise the value.
          ((ThreadLocal<Object>) field.get(null))
              .set(new java.util.concurrent.atomic.AtomicReference<>(new Entry()));
        }
        case "thread" -> {
          Thread worker = new Thread(() -> {
            while (System.getProperty("%s") == null) {
              try {
                Thread.sleep(5);
              } catch (InterruptedException e) {
                return;
              }
            }
          }, "diagnosis-worker");
          worker.setDaemon(true);
          worker.start();
        }
        case "class-value" -> VALUES.get(String.class);
        case "graph" -> {
          Node head = null;
          for (int i = 0; i < 400_000; i++) {
            head = new Node(head);
          }
          held(host).add(head);
        }
        default -> throw new IllegalArgumentException(command);
      }
      return "done";
      """
          .formatted(STOP);

  private static final String MEMBERS =
      """
      static final class Entry {}

      static final class Node {
        final Node next;
        final byte[] payload = new byte[16];

        Node(Node next) {
          this.next = next;
        }
      }

      static final ClassValue<Object> VALUES = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
          return new Entry();
        }
      };

      @SuppressWarnings("unchecked")
      static java.util.List<Object> held(Class<?> host) throws ReflectiveOperationException {
        java.lang.reflect.Field field = host.getDeclaredField("HELD");
        field.setAccessible(true);
        return (java.util.List<Object>) field.get(null);
      }
      """;

  private static final UnloadOptions OPTIONS =
      UnloadOptions.defaults()
          .withThreadWait(Duration.ofMillis(50))
          .withProceedWithRunningThreads(true)
          .withCollectionTimeout(Duration.ofMillis(400));

  @TempDir Path dir;
  private final Relib relib = Relib.create();

  @AfterEach
  void release() {
    HELD.clear();
    HOST_LOCAL.remove();
    System.setProperty(STOP, "now");
    Thread worker = Fixtures.thread("diagnosis-worker");
    if (worker != null) {
      try {
        worker.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    System.clearProperty(STOP);
    relib.close();
  }

  private LoadedModule<Greeter> leak(String command) {
    LoadedModule<Greeter> module =
        relib
            .module(Greeter.class)
            .provide(HostLog.class, message -> {})
            .load(TestModules.greeter(RUN, MEMBERS).jarTo(dir.resolve(command + ".jar")));
    assertEquals("done", module.exports().run(command));
    return module;
  }

  private UnloadReport leakAndUnload(String command, UnloadOptions options) {
    UnloadReport report = leak(command).unload(options);
    System.out.println(report);
    assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
    return report;
  }

  private static Holder holder(UnloadReport report) {
    assertTrue(report.holder().isPresent(), report.toString());
    return report.holder().get();
  }

  @Test
  void namesTheHostStaticFieldAndTheChainToTheLoader() {
    UnloadReport report = leakAndUnload("static", OPTIONS);

    Holder holder = holder(report);
    assertEquals(Holder.Found.PATH, holder.found(), report.toString());
    assertEquals(
        List.of(
            "static field dev.relib.runtime.HolderDiagnosisTest.HELD",
            "java.util.ArrayList.elementData",
            "java.lang.Object[0]",
            "m.GreeterModule$Entry",
            "class m.GreeterModule$Entry",
            "loader " + report.loaderName()),
        holder.path(),
        report.toString());
    assertTrue(holder.dumpBytes() > 0, report.toString());
    assertTrue(
        report
            .toString()
            .contains(
                "    static field dev.relib.runtime.HolderDiagnosisTest.HELD\n"
                    + "  → java.util.ArrayList.elementData\n"),
        report.toString());
    assertTrue(
        report.toString().contains("What holds the loader (heap dump of "), report.toString());
  }

  @Test
  void followsAHostThreadLocalFromItsThread() {
    UnloadReport report = leakAndUnload("local", OPTIONS);

    Holder holder = holder(report);
    assertEquals(Holder.Found.PATH, holder.found(), report.toString());
    List<String> path = holder.path();
    assertEquals("thread \"" + Thread.currentThread().getName() + "\"", path.get(0));
    assertEquals("java.lang.Thread.threadLocals", path.get(1));
    assertEquals("java.lang.ThreadLocal$ThreadLocalMap.table", path.get(2));
    assertTrue(path.get(3).startsWith("java.lang.ThreadLocal$ThreadLocalMap$Entry["), path.get(3));
    assertEquals(
        List.of(
            "java.lang.ThreadLocal$ThreadLocalMap$Entry.value",
            "java.util.concurrent.atomic.AtomicReference.value",
            "m.GreeterModule$Entry",
            "class m.GreeterModule$Entry",
            "loader " + report.loaderName()),
        path.subList(4, path.size()),
        report.toString());
  }

  @Test
  void namesTheModuleThreadThatKeepsRunning() {
    UnloadReport report = leakAndUnload("thread", OPTIONS);

    Holder holder = holder(report);
    assertEquals(Holder.Found.PATH, holder.found(), report.toString());
    String root = holder.path().get(0);
    assertTrue(
        root.equals("thread \"diagnosis-worker\"")
            || root.matches("Java frame \\S+ of thread \"diagnosis-worker\""),
        report.toString());
    assertEquals("loader " + report.loaderName(), holder.path().get(holder.path().size() - 1));
    // The proof stopped at the thread instead of running to its timeout.
    assertTrue(
        report.collectionNote().startsWith("held: thread \"diagnosis-worker\" still runs"),
        report.toString());
    assertTrue(report.collectionNote().contains("stopped after 1 GC(s)"), report.toString());
  }

  @Test
  void anAnalysisLongerThanTheDiagnosisTimeoutStopsAndSaysSo() {
    // 400,000 linked nodes take far more than a millisecond to search.
    UnloadReport report =
        leakAndUnload("graph", OPTIONS.withDiagnosisTimeout(Duration.ofMillis(1)));

    Holder holder = holder(report);
    assertEquals(Holder.Found.NOT_DIAGNOSED, holder.found(), report.toString());
    assertTrue(
        holder.note().contains("passed its 1 ms (UnloadOptions.withDiagnosisTimeout)")
            || holder.note().contains("did not finish within"),
        report.toString());
    assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
  }

  @Test
  void tellsASoftOnlyHolderFromALeak() {
    UnloadReport report = leakAndUnload("soft", OPTIONS);

    Holder holder = holder(report);
    assertEquals(Holder.Found.SOFT_PATH, holder.found(), report.toString());
    assertTrue(
        holder.path().contains("java.lang.ref.SoftReference.referent (soft reference)"),
        report.toString());
    assertEquals("static field dev.relib.runtime.HolderDiagnosisTest.HELD", holder.path().get(0));
    assertTrue(
        report
            .toString()
            .contains("The loader is only softly reachable, not leaked: it goes under memory"),
        report.toString());
  }

  @Test
  void aClassValueLeavesNoPathAndTheSuspectsStay() {
    UnloadReport report = leakAndUnload("class-value", OPTIONS);

    Holder holder = holder(report);
    assertEquals(Holder.Found.NO_PATH, holder.found(), report.toString());
    assertEquals(List.of(), holder.path());
    assertTrue(
        report.toString().contains("no strong path found in the heap dump"), report.toString());
    assertTrue(
        report.suspects().stream().anyMatch(suspect -> suspect.contains("ClassValue")),
        report.toString());
    // The other holder no heap dump shows: a running compiled frame that inlined module code.
    assertTrue(
        report.suspects().stream()
            .anyMatch(suspect -> suspect.startsWith("a host method still running that the JIT")),
        report.toString());
  }

  @Test
  void searchesAHeapOfAMillionObjectsInSeconds() {
    UnloadReport report = leakAndUnload("graph", OPTIONS);

    Holder holder = holder(report);
    assertEquals(Holder.Found.PATH, holder.found(), report.toString());
    // The head of the chain is the nearest node: the path does not walk the whole list.
    assertEquals(
        List.of(
            "static field dev.relib.runtime.HolderDiagnosisTest.HELD",
            "java.util.ArrayList.elementData",
            "java.lang.Object[0]",
            "m.GreeterModule$Node",
            "class m.GreeterModule$Node",
            "loader " + report.loaderName()),
        holder.path());
    assertTrue(holder.time().toSeconds() < 20, report.toString());
  }

  @Test
  void anInterruptedUnloadReturnsWithoutWaitingForTheDiagnosisWhichStopsAndDeletesItsDump()
      throws Exception {
    LoadedModule<Greeter> module = leak("graph");
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    CompletableFuture<UnloadReport> unloaded = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                unloaded.complete(module.unload(OPTIONS));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
              } catch (Throwable e) {
                unloaded.completeExceptionally(e);
              }
            },
            "interrupted-unload");
    caller.start();
    AtomicReference<Thread> found = new AtomicReference<>();
    Fixtures.await(
        "the diagnosis thread starting",
        Duration.ofSeconds(20),
        () -> {
          found.set(Fixtures.thread("relib-diagnosis:" + module.name()));
          return found.get() != null;
        });
    Thread diagnosis = found.get();
    caller.interrupt();

    // Far sooner than the diagnosis may take (30 s and a margin).
    UnloadReport report = unloaded.get(10, TimeUnit.SECONDS);

    System.out.println(report);
    caller.join(TimeUnit.SECONDS.toMillis(10));
    assertTrue(stillInterrupted.get(), "the caller's interrupt flag stays set");
    assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
    Holder holder = holder(report);
    assertEquals(Holder.Found.NOT_DIAGNOSED, holder.found(), report.toString());
    assertTrue(holder.note().contains("interrupted while waiting for it"), report.toString());
    assertTrue(report.toString().contains("not diagnosed"), report.toString());
    diagnosis.join(TimeUnit.SECONDS.toMillis(20));
    assertFalse(diagnosis.isAlive(), "the diagnosis stops once abandoned");
    String dumpPrefix = "relib-" + report.loaderName().replaceAll("[^A-Za-z0-9._-]", "_") + "-";
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertEquals(
          List.of(),
          files.filter(file -> file.getFileName().toString().startsWith(dumpPrefix)).toList(),
          "the abandoned diagnosis deletes its dump");
    }
  }

  @Test
  void keepsTheDumpWhenAskedAndDumpsNothingWhenTurnedOff() throws Exception {
    Path kept = dir.resolve("dumps");
    UnloadReport report = leakAndUnload("static", OPTIONS.withKeepHeapDumpIn(kept));

    assertEquals(Holder.Found.PATH, holder(report).found(), report.toString());
    try (Stream<Path> files = Files.list(kept)) {
      List<Path> dumps = files.toList();
      assertEquals(1, dumps.size(), dumps.toString());
      assertEquals(holder(report).dumpBytes(), Files.size(dumps.get(0)));
      assertTrue(holder(report).note().contains(dumps.get(0).toString()), report.toString());
    }
    HELD.clear();

    UnloadReport without = leakAndUnload("static", OPTIONS.withHeapDump(false));
    assertFalse(without.holder().isPresent(), without.toString());
  }
}
