package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.relib.BeforeUnload;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real libraries inside a module, each used the way ordinary code uses it: loaded, called from the
 * test's thread and from a host pool thread, unloaded, over several cycles.
 *
 * <p>A <em>careful</em> module releases what its library documents (in {@code @BeforeUnload}): the
 * report must say collected on every one of {@value #CAREFUL_CYCLES} cycles, with right answers,
 * and the loaded-class count must stay flat after the first cycles. A <em>careless</em> module
 * forgets: over at most {@value #CARELESS_CYCLES} cycles (it stops at the first one held) each
 * report must say collected, or name what really holds the loader (a thread of the library, a path
 * through the library's classes). Beside each, the same module jar under a bare {@link
 * URLClassLoader}, closed and dropped: its outcome is recorded, not asserted (it is the comparison
 * the summary table, printed at the end, shows). The jars come from Maven (the build copies them
 * beside the tests, see relib-runtime's pom), never from the host's class path; the class runs in a
 * JVM of its own (the careless modules leave their libraries' threads behind on purpose).
 *
 * <p>It runs twice, in two JVMs: with the runtime's {@code --add-opens} (surefire's execution
 * "library-matrix") and without any (its "library-matrix-without-add-opens"), and reads which from
 * the JVM. Without the flags a careful module must be collected all the same, unless what holds it
 * is a cure only the flags allow, which no call of the library or the JDK does instead ({@link
 * NeedsFlag}): then its first cycle must be held, and the report must name the cure as skipped,
 * the flag, and the holder. A careless module held without the flags must be named as with them.
 */
@Tag("library-matrix")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibraryMatrixTest {
  private static final int CAREFUL_CYCLES = 10;
  private static final int CARELESS_CYCLES = 3;
  private static final int BARE_CYCLES = 3;

  /** Whether this JVM has the runtime's add-opens; the matrix runs with all of them or none. */
  private static final boolean FLAGS =
      Object.class.getModule().isOpen("java.lang", LibraryMatrixTest.class.getModule());

  private static final String INVOKE_FLAG = "--add-opens java.base/java.lang.invoke=ALL-UNNAMED";
  private static final String LANG_FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";
  private static final String JFR_FLAG = "--add-opens jdk.jfr/jdk.jfr.internal=ALL-UNNAMED";

  /** A JVM shutdown hook: the runtime removes it from the JDK's hook table. */
  private static final NeedsFlag SHUTDOWN_HOOK =
      new NeedsFlag("shutdown hook", LANG_FLAG, "java.lang.ApplicationShutdownHooks.hooks");

  /**
   * A flight-recorder listener: Netty 4.2's allocator registers one that no public call removes
   * (a package-private class of Netty's, kept only in the JDK's list), unless the host started
   * the JVM with Netty's {@code -Dio.netty.jfr.enabled=false}.
   */
  private static final NeedsFlag RECORDER_LISTENER =
      new NeedsFlag(
          "flight-recorder listener",
          JFR_FLAG,
          "jdk.jfr.internal.PlatformRecorder.changeListeners");

  /**
   * The JDK's shared method handles, which cache an adaptation to a module's types ({@code
   * asTypeCache} on 17, the soft {@code asTypeSoftCache} from 20 on, which a proof without memory
   * pressure does not see cleared): no public call empties them.
   */
  private static final NeedsFlag AS_TYPE_CACHE =
      new NeedsFlag("method-handle cache", INVOKE_FLAG, "java.lang.invoke.BoundMethodHandle");

  /** A careless module leaves threads running: the unload goes on and the report names them. */
  private static final UnloadOptions CARELESS =
      UnloadOptions.defaults()
          .withProceedWithRunningThreads(true)
          .withCollectionTimeout(Duration.ofSeconds(3));

  @TempDir static Path dir;
  private static ExecutorService hostPool;
  private static HttpServer server;
  private static final List<Row> rows = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    assertEquals(
        FLAGS,
        jdk.jfr.FlightRecorder.class
            .getModule()
            .isOpen("jdk.jfr.internal", LibraryMatrixTest.class.getModule()),
        "the matrix runs with all of the runtime's add-opens (relib.addOpens) or with none");
    hostPool = Executors.newFixedThreadPool(1, task -> new Thread(task, "host-pool"));
    // OkHttp's peer: a JDK server on the loopback address, answering every request at once
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("hello " + exchange.getRequestURI().getPath().substring(1))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.stop(0);
    hostPool.shutdownNow();
    assertTrue(hostPool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** The table the README's library matrix is made from, on this JDK. */
  @AfterAll
  static void printSummary() throws IOException {
    StringBuilder table = new StringBuilder();
    table
        .append("Library matrix on JDK ")
        .append(Runtime.version())
        .append(FLAGS ? ", with the runtime's --add-opens" : ", without --add-opens")
        .append(":\n\n");
    table.append("| library | version | module | relib | bare URLClassLoader | relib cleared |")
        .append(" report says / release call |\n");
    table.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row row : rows) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s |%n",
              row.library(),
              row.version(),
              row.module(),
              row.relib(),
              row.bare(),
              row.cleared().isEmpty() ? "—" : String.join(", ", row.cleared()),
              row.says().replace("|", "\\|")));
    }
    System.out.println(table);
    String root = System.getProperty("relib.libraryMatrix");
    if (root != null) {
      Files.writeString(
          Path.of(
              root,
              "summary-jdk"
                  + Runtime.version().feature()
                  + (FLAGS ? "" : "-without-add-opens")
                  + ".md"),
          table.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // careful modules: collected on every cycle

  /**
   * Jackson databind with a recycler pool that is not per thread: 2.x's default pool keeps a
   * {@code SoftReference<BufferRecycler>} in a thread-local of every calling thread.
   */
  @Test
  @Order(1)
  void jacksonWithAPoolThatIsNotPerThreadIsCollected() {
    Result result =
        careful(
            "jackson",
            "jackson-databind",
            "a JsonFactory built with"
                + " .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()), not the"
                + " thread-local default",
            """
            Payload payload = MAPPER.readValue(
                "{\\"command\\":\\"" + command + "\\",\\"size\\":4}", Payload.class);
            return MAPPER.writeValueAsString(payload);
            """,
            """
            private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper(
                    com.fasterxml.jackson.core.JsonFactory.builder()
                        .recyclerPool(
                            com.fasterxml.jackson.core.util.JsonRecyclerPools
                                .newConcurrentDequePool())
                        .build());

            public static final class Payload {
              public String command;
              public int size;
            }
            """);
    assertEquals("{\"command\":\"call\",\"size\":4}", result.answer());
  }

  /** Guava: a LoadingCache and an EventBus delivering to a subscriber of the module. */
  @Test
  @Order(1)
  void guavaLoadingCacheAndEventBusAreCollected() {
    Result result =
        careful(
            "guava",
            "guava",
            "none needed",
            """
            com.google.common.cache.LoadingCache<String, String> cache =
                com.google.common.cache.CacheBuilder.newBuilder()
                    .maximumSize(10)
                    .build(com.google.common.cache.CacheLoader.from(
                        (String key) -> key.toUpperCase(java.util.Locale.ROOT)));
            com.google.common.eventbus.EventBus bus =
                new com.google.common.eventbus.EventBus("matrix");
            Listener listener = new Listener();
            bus.register(listener);
            bus.post(command);
            return cache.getUnchecked(command) + " " + listener.seen;
            """,
            """
            public static final class Listener {
              final StringBuilder seen = new StringBuilder();

              @com.google.common.eventbus.Subscribe
              public void on(String event) {
                seen.append(event);
              }
            }
            """);
    assertEquals("CALL call", result.answer());
  }

  @Test
  @Order(1)
  void gsonIsCollected() {
    Result result =
        careful(
            "gson",
            "gson",
            "none needed",
            """
            com.google.gson.Gson gson = new com.google.gson.Gson();
            Payload payload = gson.fromJson(
                "{\\"command\\":\\"" + command + "\\",\\"size\\":4}", Payload.class);
            return gson.toJson(payload);
            """,
            """
            static final class Payload {
              String command;
              int size;
            }
            """);
    assertEquals("{\"command\":\"call\",\"size\":4}", result.answer());
  }

  /** SLF4J 2 bound to Logback, whose LoggerContext is stopped before unload, as Logback says. */
  @Test
  @Order(1)
  void logbackStoppedIsCollected() {
    Result result = careful("logback", "logback-classic", "LoggerContext.stop()", LOGBACK,
        """
        @dev.relib.BeforeUnload
        void stop() {
          ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory())
              .stop();
        }
        """);
    assertEquals("ch.qos.logback.classic.LoggerContext", result.answer());
  }

  /** H2 in memory, kept open between calls and shut down with SQL's SHUTDOWN before unload. */
  @Test
  @Order(1)
  void h2ShutDownIsCollected() {
    Result result = careful("h2", "h2", "SQL SHUTDOWN", H2,
        """
        @dev.relib.BeforeUnload
        void stop() throws java.sql.SQLException {
          try (java.sql.Connection connection =
                  java.sql.DriverManager.getConnection(H2_URL);
              java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
          }
        }
        """);
    assertEquals("call", result.answer());
  }

  /** HikariCP over H2: the pool's housekeeper and adder threads end when the pool is closed. */
  @Test
  @Order(1)
  void hikariClosedIsCollected() {
    Result result = careful("hikari", "HikariCP", "HikariDataSource.close()", HIKARI,
        """
        @dev.relib.BeforeUnload
        synchronized void stop() {
          if (pool != null) {
            pool.close();
          }
        }
        """);
    assertEquals("call", result.answer());
  }

  /**
   * OkHttp 5 against the test's server on 127.0.0.1, a call made at once and one enqueued on the
   * dispatcher. Besides the dispatcher and the connection pool, OkHttp's task runner has threads
   * of its own whose thread factory is OkHttp's (no public call ends them; its backend's {@code
   * shutdown()} is internal API), and any read, write or call timeout starts Okio's "Okio
   * Watchdog" thread, which nothing ends before it has been idle for 60 s: this client has none.
   */
  @Test
  @Order(1)
  void okHttpShutDownIsCollected() {
    Result result =
        careful(
            "okhttp",
            "okhttp-jvm",
            "dispatcher().executorService().shutdown(), connectionPool().evictAll(),"
                + " TaskRunner.INSTANCE.cancelAll() and its RealBackend's shutdown() (internal"
                + " API); read/write/call timeouts 0, so that no Okio Watchdog starts",
            OKHTTP.withCommand(url("okhttp")),
            """
            @dev.relib.BeforeUnload
            synchronized void stop() {
              if (client != null) {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
                okhttp3.internal.concurrent.TaskRunner.INSTANCE.cancelAll();
                ((okhttp3.internal.concurrent.TaskRunner.RealBackend)
                        okhttp3.internal.concurrent.TaskRunner.INSTANCE.getBackend())
                    .shutdown();
              }
            }

            private static okhttp3.OkHttpClient.Builder configure(
                okhttp3.OkHttpClient.Builder builder) {
              return builder
                  .readTimeout(java.time.Duration.ZERO)
                  .writeTimeout(java.time.Duration.ZERO)
                  .callTimeout(java.time.Duration.ZERO);
            }
            """);
    assertEquals("hello okhttp/hello okhttp", result.answer());
  }

  /** Kotlin coroutines on Dispatchers.Default, whose workers end with Dispatchers.shutdown(). */
  @Test
  @Order(1)
  void kotlinCoroutinesShutDownAreCollected() {
    Result result = careful("coroutines", "kotlinx-coroutines-core-jvm", "Dispatchers.shutdown()",
        COROUTINES,
        """
        @dev.relib.BeforeUnload
        void stop() {
          kotlinx.coroutines.Dispatchers.INSTANCE.shutdown();
        }
        """);
    assertEquals("CALL on a DefaultDispatcher worker", result.answer());
  }

  /** Protobuf's well-known Struct, built, serialised and parsed back as a DynamicMessage. */
  @Test
  @Order(1)
  void protobufIsCollected() {
    Result result =
        careful(
            "protobuf",
            "protobuf-java",
            "none needed",
            """
            com.google.protobuf.Struct struct = com.google.protobuf.Struct.newBuilder()
                .putFields("command",
                    com.google.protobuf.Value.newBuilder().setStringValue(command).build())
                .build();
            com.google.protobuf.DynamicMessage dynamic = com.google.protobuf.DynamicMessage
                .parseFrom(com.google.protobuf.Struct.getDescriptor(), struct.toByteArray());
            com.google.protobuf.Struct parsed = com.google.protobuf.Struct.parseFrom(
                dynamic.toByteString());
            return parsed.getFieldsOrThrow("command").getStringValue() + " "
                + dynamic.getDescriptorForType().getFullName();
            """,
            "");
    assertEquals("call google.protobuf.Struct", result.answer());
  }

  /** SnakeYAML loading into a bean of the module and dumping a map. */
  @Test
  @Order(1)
  void snakeYamlIsCollected() {
    Result result =
        careful(
            "snakeyaml",
            "snakeyaml",
            "none needed",
            """
            org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(
                new org.yaml.snakeyaml.constructor.Constructor(
                    Payload.class, new org.yaml.snakeyaml.LoaderOptions()));
            Payload payload = yaml.load("command: " + command + "\\nsize: 4");
            return new org.yaml.snakeyaml.Yaml()
                .dump(java.util.Map.of(payload.command, payload.size)).trim();
            """,
            """
            public static final class Payload {
              public String command;
              public int size;
            }
            """);
    assertEquals("{call: 4}", result.answer());
  }

  /**
   * ByteBuddy defining a subclass at run time twice: into a child loader of the module's (the
   * wrapper strategy) and into the module's own loader through its lookup.
   */
  @Test
  @Order(1)
  void byteBuddyClassesDefinedAtRunTimeAreCollected() {
    Result result =
        careful(
            "bytebuddy",
            "byte-buddy",
            "none needed",
            """
            Object wrapped = new net.bytebuddy.ByteBuddy()
                .subclass(Object.class)
                .method(net.bytebuddy.matcher.ElementMatchers.named("toString"))
                .intercept(net.bytebuddy.implementation.FixedValue.value("made " + command))
                .make()
                .load(getClass().getClassLoader(),
                    net.bytebuddy.dynamic.loading.ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded()
                .getDeclaredConstructor()
                .newInstance();
            Class<?> inModule = new net.bytebuddy.ByteBuddy()
                .subclass(Object.class)
                .name("m.Made" + MADE.incrementAndGet())
                .method(net.bytebuddy.matcher.ElementMatchers.named("toString"))
                .intercept(net.bytebuddy.implementation.FixedValue.value("here"))
                .make()
                .load(getClass().getClassLoader(),
                    net.bytebuddy.dynamic.loading.ClassLoadingStrategy.UsingLookup.of(
                        java.lang.invoke.MethodHandles.lookup()))
                .getLoaded();
            boolean sameLoader = inModule.getClassLoader() == getClass().getClassLoader();
            boolean childLoader =
                wrapped.getClass().getClassLoader().getParent() == getClass().getClassLoader();
            return wrapped + " " + inModule.getDeclaredConstructor().newInstance()
                + " " + sameLoader + " " + childLoader;
            """,
            """
            private static final java.util.concurrent.atomic.AtomicInteger MADE =
                new java.util.concurrent.atomic.AtomicInteger();
            """);
    assertEquals("made call here true true", result.answer());
  }

  /**
   * Log4j 2 finds log4j-core through its provider service entry: the module's own cast to core's
   * {@code LoggerContext} must work, as it does under a standard loader. Log4j registers a JVM
   * shutdown hook when it starts, which {@code LogManager.shutdown()} leaves registered: the module
   * turns it off the way Log4j documents for code that shuts Log4j down itself.
   */
  @Test
  @Order(1)
  void log4jFindsItsCoreAndIsCollectedOnceStopped() {
    Result result =
        careful(
            "careful",
            "log4j",
            "log4j-core",
            "log4j2.shutdownHookEnabled=false in the module's log4j2.component.properties, and"
                + " LogManager.shutdown()",
            LOG4J.withResource("log4j2.component.properties", "log4j2.shutdownHookEnabled=false\n"),
            LOG4J_SHUTDOWN,
            null);
    assertEquals("org.apache.logging.log4j.core.LoggerContext", result.answer());
  }

  /** Caffeine's async refresh runs on the common pool, a host thread the module borrows. */
  @Test
  @Order(1)
  void caffeineWithAnAsyncRefreshOnTheCommonPoolIsCollected() {
    Result result =
        careful(
            "caffeine",
            "caffeine",
            "none needed",
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

  /**
   * Netty's event loops, shut down gracefully in {@code @BeforeUnload}, and its thread-locals on
   * the host's threads removed after each call, as its docs say. Netty 4.2.19+ registers its
   * allocator's JFR events from a recorder listener, left waiting for a recording that never
   * starts: the runtime removes it, which needs a flag.
   */
  @Test
  @Order(1)
  void nettyShutDownGracefullyIsCollected() {
    Result result =
        careful(
            "careful",
            "netty",
            "netty-transport",
            NETTY_RELEASE_TEXT,
            NETTY,
            NETTY_RELEASE,
            RECORDER_LISTENER);
    assertEquals("call", result.answer());
    if (FLAGS) {
      assertTrue(
          result.reports().stream()
              .flatMap(report -> report.leaks(UnloadReport.Leak.Outcome.CLEARED).stream())
              .anyMatch(leak -> leak.kind().equals("flight-recorder listener")),
          result.reports().get(0).toString());
    }
  }

  /**
   * The same module in a host that turned Netty's JFR events off ({@code io.netty.jfr.enabled},
   * read when each module's Netty starts): no recorder listener, so nothing needs a flag.
   */
  @Test
  @Order(1)
  void nettyWithItsJfrEventsOffIsCollectedWithOrWithoutFlags() {
    Result result;
    System.setProperty("io.netty.jfr.enabled", "false");
    try {
      result =
          careful(
              "careful, -Dio.netty.jfr.enabled=false",
              "netty",
              "netty-transport",
              NETTY_RELEASE_TEXT,
              NETTY,
              NETTY_RELEASE,
              null);
    } finally {
      System.clearProperty("io.netty.jfr.enabled");
    }
    assertEquals("call", result.answer());
    for (UnloadReport report : result.reports()) {
      assertTrue(
          report.leaks(UnloadReport.Leak.Outcome.CLEARED).stream()
              .noneMatch(leak -> leak.kind().equals("flight-recorder listener")),
          report.toString());
    }
  }

  /**
   * Groovy 5.1 compiles a script per call; the embedder's clean-up is what Groovy asks for: the
   * shell's loader cleared and closed after use, and every class Groovy met removed from its class
   * info before unload.
   */
  @Test
  @Order(1)
  void groovyScriptsWithTheEmbeddersCleanUpAreCollected() {
    Result result =
        careful(
            "careful",
            "groovy",
            "groovy",
            "after each script, InvokerHelper.removeClass for the shell loader's classes, its"
                + " clearCache() and close(); in @BeforeUnload, removeClass for every"
                + " ClassInfo.getAllClassInfo()",
            code(GROOVY + GROOVY_SHELL_CLEANUP, ""),
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
            """,
            AS_TYPE_CACHE);
    assertEquals("called call", result.answer());
  }

  // ---------------------------------------------------------------------------------------------
  // careless modules: the same use, no release; collected, or the report names the true holder

  /** Jackson's default pool: a soft thread-local per calling thread, here the host's two. */
  @Test
  @Order(2)
  void jacksonWithItsDefaultThreadLocalPoolIsCollectedOrItsRecyclerNamed() {
    Result result =
        careless(
            "jackson",
            "jackson-databind",
            code(
            """
            Payload payload = MAPPER.readValue(
                "{\\"command\\":\\"" + command + "\\",\\"size\\":4}", Payload.class);
            return MAPPER.writeValueAsString(payload);
            """,
            """
            private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();

            public static final class Payload {
              public String command;
              public int size;
            }
            """),
            "com.fasterxml.jackson.core.util.BufferRecycler");
    assertEquals("{\"command\":\"call\",\"size\":4}", result.answer());
  }

  @Test
  @Order(2)
  void logbackNotStoppedIsCollectedOrNamed() {
    Result result = careless("logback", "logback-classic", LOGBACK, "ch.qos.logback.");
    assertEquals("ch.qos.logback.classic.LoggerContext", result.answer());
  }

  /** H2 left open: the runtime deregisters the module's JDBC driver, which a bare loader keeps. */
  @Test
  @Order(2)
  void h2NotShutDownIsCollectedOnceItsDriverIsDeregistered() {
    Result result = careless("h2", "h2", H2, "org.h2.");
    assertEquals("call", result.answer());
    assertCollectedEveryCycleClearing(result, "JDBC driver");
  }

  @Test
  @Order(2)
  void hikariNotClosedIsCollectedOrItsHousekeeperNamed() {
    Result result = careless("hikari", "HikariCP", HIKARI, "HikariPool-", "com.zaxxer.hikari.");
    assertEquals("call", result.answer());
  }

  /** OkHttp with its default timeouts and nothing shut down. */
  @Test
  @Order(2)
  void okHttpNotShutDownIsCollectedOrItsThreadsNamed() {
    Result result =
        careless(
            "okhttp",
            "okhttp-jvm",
            OKHTTP.withCommand(url("okhttp")).plus(
            """
            private static okhttp3.OkHttpClient.Builder configure(
                okhttp3.OkHttpClient.Builder builder) {
              return builder;
            }
            """),
            "Okio Watchdog",
            "OkHttp ",
            "okhttp3.",
            "okio.");
    assertEquals("hello okhttp/hello okhttp", result.answer());
  }

  /**
   * OkHttp released only as its documentation says (dispatcher shut down, pool evicted), default
   * timeouts: the task runner's threads and the Okio Watchdog are left, and the report names them.
   */
  @Test
  @Order(2)
  void okHttpWithOnlyItsDocumentedShutdownIsHeldByThreadsTheReportNames() {
    Result result =
        careless(
            "documented calls only",
            "okhttp",
            "okhttp-jvm",
            OKHTTP.withCommand(url("okhttp")).plus(
            """
            @dev.relib.BeforeUnload
            synchronized void stop() {
              if (client != null) {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
              }
            }

            private static okhttp3.OkHttpClient.Builder configure(
                okhttp3.OkHttpClient.Builder builder) {
              return builder;
            }
            """),
            "Okio Watchdog",
            "OkHttp TaskRunner");
    assertEquals("hello okhttp/hello okhttp", result.answer());
  }

  @Test
  @Order(2)
  void kotlinCoroutinesNotShutDownAreCollectedOrTheirWorkersNamed() {
    Result result =
        careless(
            "coroutines",
            "kotlinx-coroutines-core-jvm",
            COROUTINES,
            "DefaultDispatcher-worker",
            "kotlinx.coroutines.");
    assertEquals("CALL on a DefaultDispatcher worker", result.answer());
  }

  @Test
  @Order(2)
  void nettyNotShutDownIsCollectedOrItsEventLoopNamed() {
    Result result =
        careless(
            "netty",
            "netty-transport",
            NETTY.plus("private static void afterCall() {}"),
            "EventLoopGroup-",
            "io.netty.");
    assertEquals("call", result.answer());
  }

  /** Log4j 2 not shut down: its JVM shutdown hook, which the runtime removes, is what holds. */
  @Test
  @Order(2)
  void log4jNotShutDownIsCollectedOnceItsShutdownHookIsRemoved() {
    Result result =
        careless(
            "log4j",
            "log4j-core",
            LOG4J,
            "java.lang.ApplicationShutdownHooks",
            "org.apache.logging.log4j.");
    assertEquals("org.apache.logging.log4j.core.LoggerContext", result.answer());
    assertCollectedEveryCycleClearingOrHeldWithoutTheFlag("log4j", result, SHUTDOWN_HOOK);
  }

  /**
   * Log4j 2 shut down with {@code LogManager.shutdown()}, its shutdown hook left on: the hook
   * stays registered after the shutdown and holds the module until the runtime removes it.
   */
  @Test
  @Order(2)
  void log4jShutDownWithItsHookOnIsCollectedOnceTheHookIsRemoved() {
    Result result =
        careless(
            "shutdown() only",
            "log4j",
            "log4j-core",
            LOG4J.plus(LOG4J_SHUTDOWN),
            "java.lang.ApplicationShutdownHooks",
            "org.apache.logging.log4j.");
    assertEquals("org.apache.logging.log4j.core.LoggerContext", result.answer());
    assertCollectedEveryCycleClearingOrHeldWithoutTheFlag("log4j", result, SHUTDOWN_HOOK);
  }

  /** Groovy without the embedder's clean-up: neither the shell's classes nor the ClassInfos. */
  @Test
  @Order(2)
  void groovyWithoutTheCleanUpIsCollectedOrNamed() {
    Result result = careless("groovy", "groovy", code(GROOVY + "}", ""), "groovy.", "org.codehaus.groovy.");
    assertEquals("called call", result.answer());
  }

  // ---------------------------------------------------------------------------------------------
  // the modules' code, shared by the careful and careless cases

  private static final Code LOGBACK =
      code(
          """
      org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("matrix");
      logger.info("call {}", command);
      return org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
      """,
          "");

  private static final Code H2 =
      code(
          """
      org.h2.Driver.load();
      try (java.sql.Connection connection = java.sql.DriverManager.getConnection(H2_URL);
          java.sql.Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS calls(command VARCHAR PRIMARY KEY)");
        try (java.sql.PreparedStatement merge =
            connection.prepareStatement("MERGE INTO calls KEY(command) VALUES (?)")) {
          merge.setString(1, command);
          merge.executeUpdate();
        }
        try (java.sql.ResultSet rows =
            statement.executeQuery("SELECT command FROM calls ORDER BY command")) {
          rows.next();
          return rows.getString(1);
        }
      }
      """,
          """
      private static final String H2_URL = "jdbc:h2:mem:matrix;DB_CLOSE_DELAY=-1";
      """);

  private static final Code HIKARI =
      code(
          """
      try (java.sql.Connection connection = pool().getConnection();
          java.sql.PreparedStatement select = connection.prepareStatement("SELECT LOWER(?)")) {
        select.setString(1, command.toUpperCase());
        try (java.sql.ResultSet rows = select.executeQuery()) {
          rows.next();
          return rows.getString(1);
        }
      }
      """,
          """
      private com.zaxxer.hikari.HikariDataSource pool;

      private synchronized com.zaxxer.hikari.HikariDataSource pool() {
        if (pool == null) {
          com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
          config.setDriverClassName("org.h2.Driver");
          config.setJdbcUrl("jdbc:h2:mem:hikari");
          config.setMaximumPoolSize(2);
          pool = new com.zaxxer.hikari.HikariDataSource(config);
        }
        return pool;
      }
      """);

  private static final Code OKHTTP =
      code(
          """
      okhttp3.OkHttpClient client = client();
      okhttp3.Request request = new okhttp3.Request.Builder().url(command).build();
      String now;
      try (okhttp3.Response response = client.newCall(request).execute()) {
        now = response.body().string();
      }
      java.util.concurrent.CompletableFuture<String> later =
          new java.util.concurrent.CompletableFuture<>();
      client.newCall(request).enqueue(new okhttp3.Callback() {
        @Override
        public void onFailure(okhttp3.Call call, java.io.IOException e) {
          later.completeExceptionally(e);
        }

        @Override
        public void onResponse(okhttp3.Call call, okhttp3.Response response) {
          try (response) {
            later.complete(response.body().string());
          } catch (Exception e) {
            later.completeExceptionally(e);
          }
        }
      });
      return now + "/" + later.get(10, java.util.concurrent.TimeUnit.SECONDS);
      """,
          """
      private okhttp3.OkHttpClient client;

      private synchronized okhttp3.OkHttpClient client() {
        if (client == null) {
          client = configure(new okhttp3.OkHttpClient.Builder()).build();
        }
        return client;
      }
      """);

  private static final Code COROUTINES =
      code(
          """
      return kotlinx.coroutines.BuildersKt.runBlocking(
          kotlinx.coroutines.Dispatchers.getDefault(),
          (scope, continuation) -> command.toUpperCase() + " on a "
              + (Thread.currentThread().getName().startsWith("DefaultDispatcher-worker")
                  ? "DefaultDispatcher worker" : Thread.currentThread().getName()));
      """,
          "");

  private static final Code NETTY =
      code(
          """
      synchronized (this) {
        if (group == null) {
          group = new io.netty.channel.MultiThreadIoEventLoopGroup(
              1, io.netty.channel.nio.NioIoHandler.newFactory());
        }
      }
      io.netty.buffer.ByteBuf buffer = io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(16);
      try {
        buffer.writeCharSequence(command, java.nio.charset.StandardCharsets.UTF_8);
        return group.submit(() -> buffer.toString(java.nio.charset.StandardCharsets.UTF_8))
            .get(10, java.util.concurrent.TimeUnit.SECONDS);
      } finally {
        buffer.release();
        afterCall();
      }
      """,
          """
      private io.netty.channel.EventLoopGroup group;
      """);

  private static final String NETTY_RELEASE_TEXT =
      "shutdownGracefully().syncUninterruptibly(); FastThreadLocal.removeAll() after each call";

  private static final String NETTY_RELEASE =
      """
      @dev.relib.BeforeUnload
      synchronized void stop() {
        if (group != null) {
          group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS)
              .syncUninterruptibly();
        }
      }

      // on the host's threads, which are not Netty's, its FastThreadLocals live in a ThreadLocal
      private static void afterCall() {
        io.netty.util.concurrent.FastThreadLocal.removeAll();
      }
      """;

  private static final Code LOG4J =
      code(
          """
      org.apache.logging.log4j.Logger logger =
          org.apache.logging.log4j.LogManager.getLogger("matrix");
      logger.info("call {}", command);
      org.apache.logging.log4j.core.LoggerContext context =
          (org.apache.logging.log4j.core.LoggerContext)
              org.apache.logging.log4j.LogManager.getContext(false);
      return context.getClass().getName();
      """,
          "");

  private static final String LOG4J_SHUTDOWN =
      """
      @dev.relib.BeforeUnload
      void stop() {
        org.apache.logging.log4j.LogManager.shutdown();
      }
      """;

  /** Open: the careful case closes it with {@link #GROOVY_SHELL_CLEANUP}, the careless with "}". */
  private static final String GROOVY =
      """
      groovy.lang.GroovyShell shell = new groovy.lang.GroovyShell();
      try {
        groovy.lang.Script script = shell.parse("'called ' + which", "Matrix");
        script.setBinding(new groovy.lang.Binding(java.util.Map.of("which", command)));
        return String.valueOf(script.run());
      } finally {
      """;

  private static final String GROOVY_SHELL_CLEANUP =
      """
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
      """;

  // ---------------------------------------------------------------------------------------------
  // the harness

  /**
   * A module's {@code run} body and class members, the resources its jar carries (name to text),
   * and the command the test calls it with.
   */
  private record Code(String command, String body, String members, Map<String, String> resources) {
    Code withCommand(String other) {
      return new Code(other, body, members, resources);
    }

    Code plus(String moreMembers) {
      return new Code(command, body, members + "\n" + moreMembers, resources);
    }

    Code withResource(String name, String text) {
      Map<String, String> more = new LinkedHashMap<>(resources);
      more.put(name, text);
      return new Code(command, body, members, Map.copyOf(more));
    }
  }

  private static Code code(String body, String members) {
    return new Code("call", body, members, Map.of());
  }

  /**
   * A cure the runtime can do only with {@code flag}: a careful module needs it where no call of
   * its library or of the JDK undoes what {@code holder} (a text of the heap path) keeps, a
   * careless one where it skips the call that would. Without the flag, the first cycle is held,
   * and the report names the {@code kind} as skipped with the flag, the holder in its path, and
   * the flag in what releases it.
   */
  private record NeedsFlag(String kind, String flag, String holder) {}

  /** The test server's address for {@code path}: the module's command. */
  private static String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
  }

  /** What a module answered, and what each cycle's unload reported. */
  private record Result(String answer, List<UnloadReport> reports) {}

  /** A line of the summary table. */
  private record Row(
      String library,
      String version,
      String module,
      String relib,
      String bare,
      Set<String> cleared,
      String says) {}

  private static Result careful(
      String library, String mainJar, String release, String body, String members) {
    return careful("careful", library, mainJar, release, code(body, members), "", null);
  }

  private static Result careful(
      String library, String mainJar, String release, Code code, String releaseMembers) {
    return careful("careful", library, mainJar, release, code, releaseMembers, null);
  }

  /**
   * Loads, calls and unloads the module {@link #CAREFUL_CYCLES} times: collected on every cycle,
   * loaded classes flat after the second. In a JVM without the flags, a module whose release
   * {@code withoutFlags} needs (null when none does) is held at its first cycle instead, and its
   * report says why ({@link #assertHeldWithoutTheFlag}).
   */
  private static Result careful(
      String variant,
      String library,
      String mainJar,
      String release,
      Code code,
      String releaseMembers,
      NeedsFlag withoutFlags) {
    Code module = code.plus(releaseMembers);
    List<Path> jars = Fixtures.libraryJars(library);
    Path moduleJar = compile(library + "-" + variant.replaceAll("\\W+", "-"), module, jars);
    boolean held = !FLAGS && withoutFlags != null;
    String answer = null;
    List<UnloadReport> reports = new ArrayList<>();
    int classesAfterWarmUp = -1;
    try (Relib relib = Relib.create()) {
      ModuleBuilder<Greeter> builder =
          relib.module(Greeter.class).provide(HostLog.class, message -> {}).libraries(jars);
      for (int cycle = 0; cycle < CAREFUL_CYCLES; cycle++) {
        LoadedModule<Greeter> loaded = builder.load(moduleJar);
        answer = callTwice(library, loaded.exports(), module.command());
        UnloadReport report = loaded.unload();
        reports.add(report);
        if (held) {
          assertHeldWithoutTheFlag(library, report, withoutFlags);
          break;
        }
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
    if (!held) {
      assertClassesFlat(library, classesAfterWarmUp);
    }
    String bare = bare(moduleJar, jars, module.command(), answer);
    rows.add(
        new Row(
            library,
            version(jars, mainJar),
            variant,
            held
                ? "held at cycle 1: needs " + withoutFlags.flag()
                : "collected " + CAREFUL_CYCLES + "/" + CAREFUL_CYCLES,
            bare,
            cleared(reports),
            release));
    return new Result(answer, reports);
  }

  /** The loaded-class count after the last cycle is within tens of what it was after cycle 2. */
  private static void assertClassesFlat(String library, int classesAfterWarmUp) {
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
            + " after cycle " + CAREFUL_CYCLES);
  }

  /**
   * A module held, in a JVM without the flags, by what only the flag {@code needs} names lets the
   * runtime undo: the report says so, so that the host knows the flag to add.
   */
  private static void assertHeldWithoutTheFlag(
      String library, UnloadReport report, NeedsFlag needs) {
    String context =
        library + ": without " + needs.flag() + ", the report must name the " + needs.kind()
            + " skipped, its flag and the holder:\n" + report;
    assertEquals(UnloadReport.Collection.NOT_COLLECTED, report.collection(), context);
    assertTrue(
        report.leaks(UnloadReport.Leak.Outcome.SKIPPED).stream()
            .anyMatch(
                leak -> leak.kind().equals(needs.kind()) && leak.detail().contains(needs.flag())),
        context);
    assertTrue(holderText(report).contains(needs.holder()), context);
    assertTrue(
        report.suspects().stream()
            .anyMatch(
                suspect ->
                    suspect.startsWith("what releases the holder: ")
                        && suspect.contains(needs.flag())),
        context);
  }

  /**
   * Loads, calls and unloads the module up to {@link #CARELESS_CYCLES} times, proceeding past the
   * threads it leaves: each report says collected, or names in its module threads or its heap
   * path one of {@code holders} (a thread name, a library's class or package), found as a path,
   * with what releases it. Stops at the first cycle held: the next would only add a loader to the
   * same holder.
   */
  private static Result careless(String library, String mainJar, Code module, String... holders) {
    return careless("careless", library, mainJar, module, holders);
  }

  private static Result careless(
      String variant, String library, String mainJar, Code module, String... holders) {
    List<Path> jars = Fixtures.libraryJars(library);
    Path moduleJar = compile(library + "-" + variant.replaceAll("\\W+", "-"), module, jars);
    String answer = null;
    List<UnloadReport> reports = new ArrayList<>();
    int collected = 0;
    try (Relib relib = Relib.create()) {
      ModuleBuilder<Greeter> builder =
          relib.module(Greeter.class).provide(HostLog.class, message -> {}).libraries(jars);
      for (int cycle = 0; cycle < CARELESS_CYCLES; cycle++) {
        LoadedModule<Greeter> loaded = builder.load(moduleJar);
        answer = callTwice(library, loaded.exports(), module.command());
        UnloadReport report = loaded.unload(CARELESS);
        reports.add(report);
        if (report.collection() == UnloadReport.Collection.COLLECTED) {
          collected++;
          continue;
        }
        String named = holderText(report);
        assertTrue(
            Stream.of(holders).anyMatch(named::contains),
            library + ", cycle " + cycle + ": not collected, and the report names none of "
                + List.of(holders) + " as the holder:\n" + report);
        assertTrue(
            report.holder().map(holder -> !holder.path().isEmpty()).orElse(false)
                && report.suspects().stream()
                    .anyMatch(suspect -> suspect.startsWith("what releases the holder: ")),
            library + ", cycle " + cycle + ": held, and the report has no path to the holder or"
                + " no call that releases it:\n" + report);
        break;
      }
    }
    UnloadReport last = reports.get(reports.size() - 1);
    String relibOutcome =
        collected == reports.size()
            ? "collected " + collected + "/" + CARELESS_CYCLES
            : "held at cycle " + reports.size() + (collected > 0 ? " (" + collected + " collected)"
                : "");
    String says =
        last.collection() == UnloadReport.Collection.COLLECTED
            ? "collected: " + last.collectionNote()
            : says(last);
    rows.add(
        new Row(
            library,
            version(jars, mainJar),
            variant,
            relibOutcome,
            bare(moduleJar, jars, module.command(), answer),
            cleared(reports),
            says));
    return new Result(answer, reports);
  }

  private static Path compile(String name, Code module, List<Path> jars) {
    TestModules sources = TestModules.greeter(module.body(), module.members());
    module
        .resources()
        .forEach(
            (resource, text) -> sources.resource(resource, text.getBytes(StandardCharsets.UTF_8)));
    for (Path jar : jars) {
      sources.classPath(jar);
    }
    return sources.jarTo(dir.resolve(name + ".jar"));
  }

  /** Calls the module on the test's thread and on a host pool thread: the same answer twice. */
  private static String callTwice(String library, Greeter greeter, String command) {
    String answer = greeter.run(command);
    String onPool = onPool(library, () -> greeter.run(command));
    assertEquals(answer, onPool, library + ": the two threads got different answers");
    return answer;
  }

  private static String onPool(String library, Callable<String> call) {
    try {
      return hostPool.submit(call).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(library + ": the call on a host pool thread failed", e);
    }
  }

  /** Module threads' names and the heap path, where a careless case's holder must be named. */
  private static String holderText(UnloadReport report) {
    StringBuilder text = new StringBuilder();
    for (UnloadReport.ModuleThread thread : report.threads()) {
      text.append("thread \"").append(thread.name()).append("\" ");
      thread.topFrames().forEach(frame -> text.append(frame).append(' '));
    }
    report.holder().ifPresent(holder -> holder.path().forEach(step -> text.append(step).append(' ')));
    return text.toString();
  }

  /** The report of a held loader in one line: its threads, its heap path, the advice it gives. */
  private static String says(UnloadReport report) {
    List<String> parts = new ArrayList<>();
    Set<String> threads = new LinkedHashSet<>();
    for (UnloadReport.ModuleThread thread : report.threads()) {
      threads.add("\"" + thread.name().replaceAll("\\d+", "N") + "\"");
    }
    if (!threads.isEmpty()) {
      parts.add("threads " + String.join(", ", threads));
    }
    report
        .holder()
        .ifPresent(
            holder -> {
              List<String> path = holder.path();
              String kind =
                  switch (holder.found()) {
                    case PATH -> "path";
                    case SOFT_PATH -> "soft path";
                    case NO_PATH -> "no strong path";
                    case COLLECTED -> "collected while dumped";
                    case NOT_DIAGNOSED -> "not diagnosed";
                  };
              if (path.isEmpty()) {
                parts.add(kind);
              } else {
                parts.add(kind + ": " + path.get(0)
                    + (path.size() > 2 ? " → … → " + path.get(path.size() - 2) : ""));
              }
            });
    for (String suspect : report.suspects()) {
      if (suspect.startsWith("what releases the holder: ")) {
        parts.add(suspect);
      }
    }
    return String.join("; ", parts);
  }

  /** What the runtime cleared over the cycles: leaks' kinds, and the Introspector if flushed. */
  private static Set<String> cleared(List<UnloadReport> reports) {
    Set<String> kinds = new LinkedHashSet<>();
    for (UnloadReport report : reports) {
      for (UnloadReport.Leak leak : report.leaks(UnloadReport.Leak.Outcome.CLEARED)) {
        kinds.add(leak.kind());
      }
      for (UnloadReport.StepResult step : report.steps()) {
        if (step.step() == UnloadReport.Step.LEAKS && step.summary().contains("Introspector")) {
          kinds.add("Introspector cache");
        }
      }
    }
    return kinds;
  }

  /**
   * A careless case the runtime cures with a flag: collected every cycle, by clearing its kind,
   * where the JVM has the flags; held at the first cycle and reported where it has none.
   */
  private static void assertCollectedEveryCycleClearingOrHeldWithoutTheFlag(
      String library, Result result, NeedsFlag cure) {
    if (FLAGS) {
      assertCollectedEveryCycleClearing(result, cure.kind());
    } else {
      assertHeldWithoutTheFlag(library, result.reports().get(0), cure);
    }
  }

  /** A careless case the runtime cures: collected every cycle, by clearing a {@code kind}. */
  private static void assertCollectedEveryCycleClearing(Result result, String kind) {
    assertEquals(CARELESS_CYCLES, result.reports().size());
    for (UnloadReport report : result.reports()) {
      assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
      assertTrue(
          report.leaks(UnloadReport.Leak.Outcome.CLEARED).stream()
              .anyMatch(leak -> leak.kind().equals(kind)),
          report.toString());
    }
  }

  /**
   * The same module jar and libraries under a bare {@link URLClassLoader} whose parent is the
   * API's loader, as a plain plugin host would: construct, call on both threads (with the loader
   * as context class loader, as relib sets it), {@code @BeforeUnload} if the module has one,
   * close, drop, and GCs in a bounded loop, {@value #BARE_CYCLES} cycles or up to the first held.
   *
   * @return what the table says: collected in how many cycles, held from which, or what failed
   */
  private static String bare(Path moduleJar, List<Path> jars, String command, String expected) {
    for (int cycle = 0; cycle < BARE_CYCLES; cycle++) {
      WeakReference<ClassLoader> loader;
      try {
        BareCycle result = bareCycle(moduleJar, jars, command);
        if (!expected.equals(result.answer())) {
          return "answered \"" + result.answer() + "\"";
        }
        loader = result.loader();
      } catch (Exception | LinkageError e) {
        Throwable cause = e instanceof InvocationTargetException i ? i.getCause() : e;
        return "failed: " + cause;
      }
      if (!Fixtures.collected(loader, Duration.ofSeconds(2))) {
        return "held at cycle " + (cycle + 1) + (cycle > 0 ? " (" + cycle + " collected)" : "");
      }
    }
    return "collected " + BARE_CYCLES + "/" + BARE_CYCLES;
  }

  private record BareCycle(String answer, WeakReference<ClassLoader> loader) {}

  private static BareCycle bareCycle(Path moduleJar, List<Path> jars, String command)
      throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(moduleJar.toUri().toURL());
    for (Path jar : jars) {
      urls.add(jar.toUri().toURL());
    }
    URLClassLoader loader =
        new URLClassLoader("bare", urls.toArray(URL[]::new), Greeter.class.getClassLoader());
    try {
      Class<?> type = Class.forName("m.GreeterModule", false, loader);
      Greeter greeter =
          withContextLoader(
              loader,
              () ->
                  (Greeter)
                      type.getConstructor(HostLog.class).newInstance((HostLog) message -> {}));
      String answer = withContextLoader(loader, () -> greeter.run(command));
      String onPool = onPool("bare", () -> withContextLoader(loader, () -> greeter.run(command)));
      if (!answer.equals(onPool)) {
        answer = answer + " / on the pool: " + onPool;
      }
      for (Method method : type.getDeclaredMethods()) {
        if (method.isAnnotationPresent(BeforeUnload.class)) {
          method.setAccessible(true);
          withContextLoader(loader, () -> method.invoke(greeter));
        }
      }
      return new BareCycle(answer, new WeakReference<>(loader));
    } finally {
      loader.close();
    }
  }

  private static <T> T withContextLoader(ClassLoader loader, Callable<T> call) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return call.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }


  /** The version in the name of the library's main jar, {@code <artifact>-<version>.jar}. */
  private static String version(List<Path> jars, String artifact) {
    for (Path jar : jars) {
      String name = jar.getFileName().toString();
      if (name.startsWith(artifact + "-") && Character.isDigit(name.charAt(artifact.length() + 1))) {
        return artifact + " " + name.substring(artifact.length() + 1, name.length() - 4);
      }
    }
    throw new AssertionError("no jar of " + artifact + " in " + jars);
  }

  private static int loadedClasses() {
    return ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
  }
}
