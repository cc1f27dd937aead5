package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real libraries inside a module, each used the way ordinary code uses it and released the way its
 * documentation says: loaded, called from the test's thread and from a host pool thread, unloaded,
 * over several cycles. The report must say collected on every cycle, with right answers, and the
 * loaded-class count must stay flat after the first cycles. The jars come from Maven (the build
 * copies them beside the tests, see relib-runtime's pom), never from the host's class path.
 */
class LibraryMatrixTest {
  private static final int CYCLES = 10;

  @TempDir static Path dir;
  private static ExecutorService hostPool;

  @BeforeAll
  static void startHostPool() {
    hostPool = Executors.newFixedThreadPool(1, task -> new Thread(task, "host-pool"));
  }

  @AfterAll
  static void stopHostPool() throws InterruptedException {
    hostPool.shutdownNow();
    assertTrue(hostPool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /**
   * Log4j 2 finds log4j-core through its provider service entry: the module's own cast to core's
   * {@code LoggerContext} must work, as it does under a standard loader.
   */
  @Test
  void log4jFindsItsCoreAndIsCollectedOnceStopped() {
    Result result =
        matrix(
            "log4j",
            """
            org.apache.logging.log4j.Logger logger =
                org.apache.logging.log4j.LogManager.getLogger("matrix");
            logger.info("call {}", command);
            org.apache.logging.log4j.core.LoggerContext context =
                (org.apache.logging.log4j.core.LoggerContext)
                    org.apache.logging.log4j.LogManager.getContext(false);
            return context.getClass().getName();
            """,
            """
            @dev.relib.BeforeUnload
            void stop() {
              org.apache.logging.log4j.LogManager.shutdown();
            }
            """);
    assertEquals("org.apache.logging.log4j.core.LoggerContext", result.answer());
  }

  /** Caffeine's async refresh runs on the common pool, a host thread the module borrows. */
  @Test
  void caffeineWithAnAsyncRefreshOnTheCommonPoolIsCollected() {
    Result result =
        matrix(
            "caffeine",
            """
            com.github.benmanes.caffeine.cache.LoadingCache<String, String> cache =
                com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .maximumSize(100)
                    .refreshAfterWrite(java.time.Duration.ofNanos(1))
                    .build(key -> key.toUpperCase());
            cache.get(command);
            cache.refresh(command).join();
            return cache.get(command);
            """,
            "");
    assertEquals("CALL", result.answer());
  }

  /** Netty's event loops, shut down gracefully in {@code @BeforeUnload}, as its docs say. */
  @Test
  void nettyShutDownGracefullyIsCollected() {
    Result result =
        matrix(
            "netty",
            """
            if (group == null) {
              group = new io.netty.channel.MultiThreadIoEventLoopGroup(
                  1, io.netty.channel.nio.NioIoHandler.newFactory());
            }
            io.netty.buffer.ByteBuf buffer =
                io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(16);
            try {
              buffer.writeCharSequence(command, java.nio.charset.StandardCharsets.UTF_8);
              String read = group.submit(
                      () -> buffer.toString(java.nio.charset.StandardCharsets.UTF_8))
                  .get(10, java.util.concurrent.TimeUnit.SECONDS);
              return read;
            } finally {
              buffer.release();
            }
            """,
            """
            private io.netty.channel.EventLoopGroup group;

            @dev.relib.BeforeUnload
            synchronized void stop() {
              if (group != null) {
                group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS)
                    .syncUninterruptibly();
              }
            }
            """);
    assertEquals("call", result.answer());
    // Netty 4.2.19+ registers its allocator's JFR events from a recorder listener, left waiting
    // for a recording that never starts; the runtime removes it (or the loader would stay).
    assertTrue(
        result.reports().stream()
            .flatMap(report -> report.leaks(UnloadReport.Leak.Outcome.CLEARED).stream())
            .anyMatch(leak -> leak.kind().equals("flight-recorder listener")),
        result.reports().get(0).toString());
  }

  /**
   * Groovy 5.1 compiles a script per call; the embedder's clean-up is what Groovy asks for: the
   * shell's loader cleared and closed after use, and every class Groovy met removed from its class
   * info before unload.
   */
  @Test
  void groovyScriptsWithTheEmbeddersCleanUpAreCollected() {
    Result result =
        matrix(
            "groovy",
            """
            groovy.lang.GroovyShell shell = new groovy.lang.GroovyShell();
            try {
              groovy.lang.Script script = shell.parse("'called ' + which", "Matrix");
              script.setBinding(new groovy.lang.Binding(java.util.Map.of("which", command)));
              return String.valueOf(script.run());
            } finally {
              for (Class<?> type : shell.getClassLoader().getLoadedClasses()) {
                org.codehaus.groovy.runtime.InvokerHelper.removeClass(type);
              }
              shell.getClassLoader().clearCache();
              try {
                shell.getClassLoader().close();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
            """,
            """
            @dev.relib.BeforeUnload
            void stop() {
              // Groovy keeps a ClassInfo per class it met, JDK classes included, in a ClassValue:
              // the entries on JDK classes would keep this module.
              for (org.codehaus.groovy.reflection.ClassInfo info :
                  org.codehaus.groovy.reflection.ClassInfo.getAllClassInfo()) {
                org.codehaus.groovy.runtime.InvokerHelper.removeClass(info.getTheClass());
              }
            }
            """);
    assertEquals("called call", result.answer());
  }

  /**
   * Compiles a greeter module whose {@code run} executes {@code body} against the library's jars,
   * then loads, calls (here and on a host pool thread), unloads it {@link #CYCLES} times.
   *
   * @return what {@code run("call")} answered, with the unload reports of every cycle
   */
  private static Result matrix(String library, String body, String members) {
    List<Path> jars = jars(library);
    TestModules module = TestModules.greeter(body, members);
    for (Path jar : jars) {
      module.classPath(jar);
    }
    Path moduleJar = module.jarTo(dir.resolve(library + ".jar"));
    String answer = null;
    List<UnloadReport> reports = new ArrayList<>();
    int classesAfterWarmUp = -1;
    try (Relib relib = Relib.create()) {
      ModuleBuilder<Greeter> builder =
          relib.module(Greeter.class).provide(HostLog.class, message -> {}).libraries(jars);
      for (int cycle = 0; cycle < CYCLES; cycle++) {
        LoadedModule<Greeter> loaded = builder.load(moduleJar);
        Greeter greeter = loaded.exports();
        answer = greeter.run("call");
        String onPool;
        try {
          onPool = hostPool.submit(() -> greeter.run("call")).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError(library + ": the call on a host pool thread failed", e);
        }
        assertEquals(answer, onPool, library + ": the two threads got different answers");
        UnloadReport report = loaded.unload();
        reports.add(report);
        assertEquals(
            UnloadReport.Collection.COLLECTED,
            report.collection(),
            library + ", cycle " + cycle + ":\n" + report);
        if (cycle == 1) {
          Fixtures.usedHeapAfterGc();
          classesAfterWarmUp = loadedClasses();
        }
      }
    }
    // The JDK may count a collected loader's classes until a later GC purges them: look again,
    // a bounded number of times, before calling the count flat or not.
    int classesAtEnd = Integer.MAX_VALUE;
    for (int look = 0; look < 20 && classesAtEnd - classesAfterWarmUp >= 200; look++) {
      Fixtures.usedHeapAfterGc();
      classesAtEnd = loadedClasses();
    }
    // A loader left behind per cycle adds the library's classes each time: hundreds, not tens.
    assertTrue(
        classesAtEnd - classesAfterWarmUp < 200,
        library + ": loaded classes " + classesAfterWarmUp + " after cycle 2, " + classesAtEnd
            + " after cycle " + CYCLES);
    return new Result(answer, reports);
  }

  /** What a module answered, and what each cycle's unload reported. */
  private record Result(String answer, List<UnloadReport> reports) {}

  private static List<Path> jars(String library) {
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

  private static int loadedClasses() {
    return ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
  }
}
