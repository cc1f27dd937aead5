package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.UnloadReport.Holder;
import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.UnloadReport.Step;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.CookieHandler;
import java.net.ResponseCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.server.UnicastRemoteObject;
import java.security.MessageDigest;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-loader leak causes of README.md's table that the other unload tests do not cover: one
 * module per scenario doing exactly that, then an unload, and what the report must say.
 */
class LeakMatrixTest {
  /** A host cache keyed by loader (the PF4J #487 pattern). */
  static final Map<ClassLoader, Object> CACHE = new WeakHashMap<>();

  /** A host method handle the module adapts to its own types. */
  static final MethodHandle HOST_HANDLE = identity();

  /** Host code run by a thread the module starts; ends once released. */
  static final Runnable HOST_TASK = LeakMatrixTest::waitForRelease;

  /** A host pool whose worker is created lazily, by a task the module submits. */
  static final ExecutorService HOST_POOL =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread worker = new Thread(task, "host-pool-worker");
            worker.setDaemon(true);
            return worker;
          });

  /** Weak references to the listeners the module adds, to remove them afterwards. */
  static final List<WeakReference<?>> LISTENERS = new CopyOnWriteArrayList<>();

  /** Weak references to the timers and hooks the module leaves, for the host to end them. */
  static final List<WeakReference<?>> HANDLES = new CopyOnWriteArrayList<>();

  static final String RELEASE = "relib.test.matrix-release";

  /**
   * Row 27: a library of the host that caches what it learnt of each class it was given, strongly
   * and keyed by the class, the shape of Jackson's {@code TypeFactory} cache.
   */
  static final class TypeFactory {
    static final Map<Class<?>, JavaType> TYPES = new ConcurrentHashMap<>();

    private TypeFactory() {}

    static JavaType constructType(Class<?> raw) {
      return TYPES.computeIfAbsent(raw, type -> new JavaType(type, type.getName()));
    }
  }

  /** What {@link TypeFactory} caches of a class. */
  record JavaType(Class<?> raw, String name) {}

  static final String RUN =
      """
      Class<?> host = ClassLoader.getSystemClassLoader().loadClass("dev.relib.runtime.LeakMatrixTest");
      switch (command) {
        case "inheritable" -> INHERITED.set(new Payload());
        case "soft-thread-local" -> RECYCLER.set(new java.lang.ref.SoftReference<>(new Payload()));
        case "big-thread-local" -> BIG.set(new byte[64 << 20]);
        case "executor" -> {
          java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
              .newSingleThreadExecutor(task -> new Thread(task, "module-pool"));
          pool.submit(() -> {
            while (System.getProperty("%1$s") == null) {
              try {
                Thread.sleep(5);
              } catch (InterruptedException e) {
                return;
              }
            }
            pool.shutdown();
          });
        }
        case "context-loader" -> {
          Thread thread = new Thread(hostTask(host), "module-tccl");
          thread.setDaemon(true);
          thread.setContextClassLoader(GreeterModule.class.getClassLoader());
          thread.start();
        }
        case "system-loader" -> {
          Thread thread = new Thread(hostTask(host), "module-system-tccl");
          thread.setDaemon(true);
          thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
          thread.start();
        }
        case "level" -> {
          java.util.logging.Logger logger = java.util.logging.Logger.getLogger("relib.matrix");
          logger.log(new ModuleLevel(), "logged at a level of the module");
          if (java.util.logging.Level.parse("MODULE_LEVEL") == null) {
            throw new IllegalStateException("level not known");
          }
        }
        case "beans" -> {
          java.beans.BeanInfo info = java.beans.Introspector.getBeanInfo(Bean.class);
          if (info.getPropertyDescriptors().length < 2) {
            throw new IllegalStateException("no property");
          }
        }
        case "bundle" -> {
          java.util.ResourceBundle bundle = java.util.ResourceBundle.getBundle(
              "m.Messages", java.util.Locale.ROOT, GreeterModule.class.getClassLoader());
          return bundle.getString("greeting");
        }
        case "serialize" -> {
          java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
          try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new Payload());
          }
          try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
              new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            if (!(in.readObject() instanceof Payload)) {
              throw new IllegalStateException("not read back");
            }
          }
        }
        case "as-type" -> {
          java.lang.invoke.MethodHandle handle =
              (java.lang.invoke.MethodHandle) hostField(host, "HOST_HANDLE");
          java.lang.invoke.MethodHandle adapted = handle.asType(
              java.lang.invoke.MethodType.methodType(Payload.class, Payload.class));
          try {
            Payload payload = (Payload) adapted.invokeExact(new Payload());
          } catch (Throwable e) {
            throw new IllegalStateException(e);
          }
        }
        case "reflection" -> {
          java.lang.reflect.Method length = String.class.getMethod("length");
          int total = 0;
          for (int i = 0; i < 200; i++) {
            total += (Integer) length.invoke("relib");
          }
          return "total " + total;
        }
        case "weak-cache" -> {
          @SuppressWarnings("unchecked")
          java.util.Map<ClassLoader, Object> cache =
              (java.util.Map<ClassLoader, Object>) hostField(host, "CACHE");
          cache.put(GreeterModule.class.getClassLoader(), new Payload());
        }
        case "host-pool" -> {
          java.util.concurrent.ExecutorService pool =
              (java.util.concurrent.ExecutorService) hostField(host, "HOST_POOL");
          pool.submit(() -> {}).get();
        }
        case "listener" -> {
          NotificationListener listener = new NotificationListener();
          ((javax.management.NotificationEmitter)
                  java.lang.management.ManagementFactory.getMemoryMXBean())
              .addNotificationListener(listener, null, null);
          @SuppressWarnings("unchecked")
          java.util.List<Object> listeners =
              (java.util.List<Object>) hostField(host, "LISTENERS");
          listeners.add(new java.lang.ref.WeakReference<>(listener));
        }
        case "recorder-listener" -> {
          RecorderListener listener = new RecorderListener();
          jdk.jfr.FlightRecorder.addListener(listener);
          @SuppressWarnings("unchecked")
          java.util.List<Object> listeners =
              (java.util.List<Object>) hostField(host, "LISTENERS");
          listeners.add(new java.lang.ref.WeakReference<>(listener));
        }
        case "timer" -> {
          java.util.Timer timer = new java.util.Timer("module-timer", true);
          timer.schedule(new java.util.TimerTask() {
            public void run() {}
          }, 3_600_000);
          handles(host).add(new java.lang.ref.WeakReference<>(timer));
        }
        case "hook" -> {
          Thread hook = new Thread(() -> {}, "module-hook");
          Runtime.getRuntime().addShutdownHook(hook);
          handles(host).add(new java.lang.ref.WeakReference<>(hook));
        }
        case "rmi" -> {
          Pong pong = new Pong();
          java.rmi.server.UnicastRemoteObject.exportObject(pong, 0);
          handles(host).add(new java.lang.ref.WeakReference<>(pong));
        }
        case "image-io" -> javax.imageio.spi.IIORegistry.getDefaultInstance()
            .registerServiceProvider(new ReaderSpi(), javax.imageio.spi.ImageReaderSpi.class);
        case "app-context" -> javax.imageio.ImageIO.getUseCache();
        case "thread-group" -> {
          Thread thread = new Thread(new ModuleGroup(), () -> {}, "module-group-thread");
          thread.start();
          thread.join();
        }
        case "group-beans" -> {
          Thread thread = new Thread(new ModuleGroup(), () -> {
            try {
              java.beans.Introspector.getBeanInfo(Bean.class);
            } catch (java.beans.IntrospectionException e) {
              throw new IllegalStateException(e);
            }
          }, "module-group-thread");
          thread.start();
          thread.join();
        }
        case "jndi" -> {
          java.util.Hashtable<String, Object> environment = new java.util.Hashtable<>();
          environment.put(javax.naming.Context.INITIAL_CONTEXT_FACTORY, NamingFactory.class.getName());
          return (String) new javax.naming.InitialContext(environment).lookup("relib");
        }
        case "object-factory-builder" -> javax.naming.spi.NamingManager.setObjectFactoryBuilder(
            (object, environment) -> (o, name, context, env) -> o);
        case "jce" -> java.security.Security.addProvider(new JceProvider());
        case "net-defaults" -> {
          java.net.CookieHandler.setDefault(new java.net.CookieManager() {});
          java.net.ResponseCache.setDefault(new NoResponseCache());
          javax.net.ssl.HttpsURLConnection.setDefaultHostnameVerifier((name, session) -> false);
          javax.net.ssl.SSLContext.setDefault(
              new javax.net.ssl.SSLContext(null, new JceProvider(), "TLS") {});
          javax.net.ssl.HttpsURLConnection.setDefaultSSLSocketFactory(new NoSocketFactory());
        }
        case "type-cache" -> {
          java.lang.reflect.Method construct = ClassLoader.getSystemClassLoader()
              .loadClass("dev.relib.runtime.LeakMatrixTest$TypeFactory")
              .getDeclaredMethod("constructType", Class.class);
          construct.setAccessible(true);
          construct.invoke(null, Payload.class);
        }
        case "nothing" -> {}
        default -> throw new IllegalArgumentException(command);
      }
      return "done";
      """
          .formatted(RELEASE);

  static final String MEMBERS =
      """
      static final InheritableThreadLocal<Object> INHERITED = new InheritableThreadLocal<>();

      /** Jackson's buffer recycler has this shape. */
      static final ThreadLocal<java.lang.ref.SoftReference<Payload>> RECYCLER =
          new ThreadLocal<>();

      /** Neither its key's class nor its value's is the module's. */
      static final ThreadLocal<byte[]> BIG = new ThreadLocal<>();

      static final class Payload implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
      }

      static final class NotificationListener implements javax.management.NotificationListener {
        @Override
        public void handleNotification(javax.management.Notification n, Object handback) {}
      }

      /** Waits for a recording that never starts, as Netty 4.2's allocator events do. */
      static final class RecorderListener implements jdk.jfr.FlightRecorderListener {}

      public interface Ping extends java.rmi.Remote {
        int ping() throws java.rmi.RemoteException;
      }

      static final class Pong implements Ping {
        @Override
        public int ping() {
          return 1;
        }
      }

      static final class ModuleLevel extends java.util.logging.Level {
        ModuleLevel() {
          super("MODULE_LEVEL", 850);
        }
      }

      public static final class Bean {
        private String name;

        public String getName() {
          return name;
        }

        public void setName(String name) {
          this.name = name;
        }
      }

      static final class ReaderSpi extends javax.imageio.spi.ImageReaderSpi {
        ReaderSpi() {
          super("relib", "1", new String[] {"relib"}, new String[] {"relib"},
              new String[] {"image/x-relib"}, "m.NoReader", new Class<?>[] {Object.class},
              null, false, null, null, null, null, false, null, null, null, null);
        }

        @Override
        public boolean canDecodeInput(Object source) {
          return false;
        }

        @Override
        public javax.imageio.ImageReader createReaderInstance(Object extension) {
          throw new UnsupportedOperationException();
        }

        @Override
        public String getDescription(java.util.Locale locale) {
          return "a reader of the module";
        }
      }

      static final class ModuleGroup extends ThreadGroup {
        ModuleGroup() {
          super("module-group");
        }
      }

      public static final class NamingFactory implements javax.naming.spi.InitialContextFactory {
        @Override
        public javax.naming.Context getInitialContext(java.util.Hashtable<?, ?> environment) {
          return (javax.naming.Context) java.lang.reflect.Proxy.newProxyInstance(
              NamingFactory.class.getClassLoader(),
              new Class<?>[] {javax.naming.Context.class},
              (proxy, method, arguments) ->
                  method.getName().equals("lookup") ? "found " + arguments[0] : null);
        }
      }

      /** A provider of a message digest and a cipher that return their input. */
      public static final class JceProvider extends java.security.Provider {
        public JceProvider() {
          super("relib-jce", "1", "test provider of a module");
          put("MessageDigest.RELIB-SAME", SameDigest.class.getName());
          put("Cipher.RELIB-SAME", SameCipher.class.getName());
        }
      }

      public static final class SameDigest extends java.security.MessageDigestSpi {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        @Override
        protected void engineUpdate(byte input) {
          bytes.write(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int length) {
          bytes.write(input, offset, length);
        }

        @Override
        protected byte[] engineDigest() {
          byte[] digest = bytes.toByteArray();
          bytes.reset();
          return digest;
        }

        @Override
        protected void engineReset() {
          bytes.reset();
        }
      }

      public static final class SameCipher extends javax.crypto.CipherSpi {
        @Override
        protected void engineSetMode(String mode) {}

        @Override
        protected void engineSetPadding(String padding) {}

        @Override
        protected int engineGetBlockSize() {
          return 1;
        }

        @Override
        protected int engineGetOutputSize(int length) {
          return length;
        }

        @Override
        protected byte[] engineGetIV() {
          return null;
        }

        @Override
        protected java.security.AlgorithmParameters engineGetParameters() {
          return null;
        }

        @Override
        protected void engineInit(int mode, java.security.Key key, java.security.SecureRandom random) {}

        @Override
        protected void engineInit(int mode, java.security.Key key,
            java.security.spec.AlgorithmParameterSpec spec, java.security.SecureRandom random) {}

        @Override
        protected void engineInit(int mode, java.security.Key key,
            java.security.AlgorithmParameters parameters, java.security.SecureRandom random) {}

        @Override
        protected byte[] engineUpdate(byte[] input, int offset, int length) {
          return java.util.Arrays.copyOfRange(input, offset, offset + length);
        }

        @Override
        protected int engineUpdate(byte[] input, int offset, int length, byte[] output, int at) {
          System.arraycopy(input, offset, output, at, length);
          return length;
        }

        @Override
        protected byte[] engineDoFinal(byte[] input, int offset, int length) {
          return input == null ? new byte[0] : engineUpdate(input, offset, length);
        }

        @Override
        protected int engineDoFinal(byte[] input, int offset, int length, byte[] output, int at) {
          return engineUpdate(input, offset, length, output, at);
        }
      }

      static final class NoResponseCache extends java.net.ResponseCache {
        @Override
        public java.net.CacheResponse get(java.net.URI uri, String method,
            java.util.Map<String, java.util.List<String>> headers) {
          return null;
        }

        @Override
        public java.net.CacheRequest put(java.net.URI uri, java.net.URLConnection connection) {
          return null;
        }
      }

      static final class NoSocketFactory extends javax.net.ssl.SSLSocketFactory {
        @Override
        public String[] getDefaultCipherSuites() {
          return new String[0];
        }

        @Override
        public String[] getSupportedCipherSuites() {
          return new String[0];
        }

        @Override
        public java.net.Socket createSocket(java.net.Socket s, String host, int port, boolean close) {
          throw new UnsupportedOperationException();
        }

        @Override
        public java.net.Socket createSocket(String host, int port) {
          throw new UnsupportedOperationException();
        }

        @Override
        public java.net.Socket createSocket(
            String host, int port, java.net.InetAddress local, int localPort) {
          throw new UnsupportedOperationException();
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) {
          throw new UnsupportedOperationException();
        }

        @Override
        public java.net.Socket createSocket(
            java.net.InetAddress host, int port, java.net.InetAddress local, int localPort) {
          throw new UnsupportedOperationException();
        }
      }

      static Object hostField(Class<?> host, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = host.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
      }

      @SuppressWarnings("unchecked")
      static java.util.List<Object> handles(Class<?> host) throws ReflectiveOperationException {
        return (java.util.List<Object>) hostField(host, "HANDLES");
      }

      static Runnable hostTask(Class<?> host) throws ReflectiveOperationException {
        return (Runnable) hostField(host, "HOST_TASK");
      }
      """;

  static final String BUNDLE =
      """
      package m;

      public final class Messages extends java.util.ListResourceBundle {
        @Override
        protected Object[][] getContents() {
          return new Object[][] {{"greeting", "hello from a module bundle"}};
        }
      }
      """;

  private static final UnloadOptions LEAKING =
      UnloadOptions.defaults()
          .withThreadWait(Duration.ofMillis(50))
          .withProceedWithRunningThreads(true)
          .withCollectionTimeout(Duration.ofMillis(400));

  private static Path classes;

  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final List<Thread> hostThreads = new ArrayList<>();

  @BeforeAll
  static void compileOnce(@TempDir Path shared) {
    classes =
        TestModules.greeter(RUN, MEMBERS)
            .source("m.Messages", BUNDLE)
            .compileTo(shared.resolve("matrix"));
  }

  @AfterEach
  void release() throws Exception {
    System.setProperty(RELEASE, "now");
    for (String name : List.of("module-pool", "module-tccl", "module-system-tccl")) {
      Thread thread = Fixtures.thread(name);
      if (thread != null) {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
    for (Thread thread : hostThreads) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
    System.clearProperty(RELEASE);
    CACHE.clear();
    NotificationEmitter memory = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
    for (WeakReference<?> listener : LISTENERS) {
      Object added = listener.get();
      if (added instanceof FlightRecorderListener recorderListener) {
        FlightRecorder.removeListener(recorderListener);
      } else if (added != null) {
        try {
          memory.removeNotificationListener((NotificationListener) added);
        } catch (ListenerNotFoundException e) {
          // removed already
        }
      }
    }
    LISTENERS.clear();
    for (WeakReference<?> handle : HANDLES) {
      if (handle.get() instanceof Remote exported) {
        UnicastRemoteObject.unexportObject(exported, true);
      }
    }
    HANDLES.clear();
    TypeFactory.TYPES.clear();
    // Replaces the handle's cached adaptation, which names the module's types.
    HOST_HANDLE.asType(MethodType.methodType(String.class, String.class));
    relib.close();
  }

  private static MethodHandle identity() {
    try {
      return MethodHandles.lookup()
          .findStatic(
              LeakMatrixTest.class, "same", MethodType.methodType(Object.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static Object same(Object value) {
    return value;
  }

  static void waitForRelease() {
    while (System.getProperty(RELEASE) == null) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private LoadedModule<Greeter> load(String name) {
    return relib
        .module(Greeter.class)
        .provide(HostLog.class, message -> {})
        .load(TestModules.jar(classes, dir.resolve(name + ".jar")));
  }

  private LoadedModule<Greeter> loadAndRun(String command) {
    LoadedModule<Greeter> module = load(command);
    assertNotNull(module.exports().run(command));
    return module;
  }

  private static UnloadReport unload(LoadedModule<Greeter> module, UnloadOptions options) {
    UnloadReport report = module.unload(options);
    System.out.println(report);
    return report;
  }

  private static boolean cleared(UnloadReport report, String kind, String where) {
    return report.leaks(Leak.Outcome.CLEARED).stream()
        .anyMatch(leak -> leak.kind().equals(kind) && leak.where().contains(where));
  }

  /** Whether a thread-local of this thread whose detail names {@code detail} was cleared. */
  private static boolean clearedHere(UnloadReport report, String detail) {
    return report.leaks(Leak.Outcome.CLEARED).stream()
        .anyMatch(
            leak ->
                leak.kind().equals("thread-local")
                    && leak.where().contains(Thread.currentThread().getName())
                    && leak.detail().contains(detail));
  }

  private static Holder holder(UnloadReport report) {
    assertTrue(report.holder().isPresent(), report.toString());
    return report.holder().get();
  }

  /** 4: an inheritable thread-local of the module, inherited by a thread the host starts later. */
  @Test
  void inheritableThreadLocalInheritedByALaterHostThreadIsCleared() throws Exception {
    LoadedModule<Greeter> module = loadAndRun("inheritable");
    Thread later = new Thread(LeakMatrixTest::waitForRelease, "host-later");
    later.setDaemon(true);
    later.start();
    hostThreads.add(later);

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertTrue(report.threads().isEmpty(), report.toString());
    assertTrue(cleared(report, "thread-local", "host-later"), report.toString());
    assertTrue(
        cleared(report, "thread-local", Thread.currentThread().getName()), report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /**
   * 4: a thread-local of the module holding a soft reference to a module object, on the calling
   * host thread: the referent is judged, so the entry goes and the loader with it, at once.
   */
  @Test
  void aSoftReferenceInAThreadLocalIsJudgedByItsReferent() {
    UnloadReport report = unload(loadAndRun("soft-thread-local"), UnloadOptions.defaults());

    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    assertTrue(clearedHere(report, "java.lang.ref.SoftReference"), report.toString());
  }

  /**
   * 4: 64 MiB in the module's own {@code ThreadLocal<byte[]>} on the calling host thread. Nothing
   * in the entry is the module's, so the loader goes; the value would stay on this thread until
   * it happened to expunge stale entries. Once collected, the runtime frees it.
   */
  @Test
  void aBigValueInTheModulesThreadLocalIsFreedWithTheLoader() {
    long before = Fixtures.usedHeapAfterGc();
    UnloadReport report = unload(loadAndRun("big-thread-local"), UnloadOptions.defaults());

    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    assertTrue(clearedHere(report, "byte[]"), report.toString());
    long after = Fixtures.usedHeapAfterGc();
    assertTrue(
        after - before < 16 << 20,
        "heap grew by " + ((after - before) >> 20) + " MiB across the unload\n" + report);
  }

  /** 6: an executor the module never shuts down: its busy worker stops the unload, named. */
  @Test
  void anExecutorLeftRunningIsNamedAndCollectedOnceShutDown() throws Exception {
    LoadedModule<Greeter> module = loadAndRun("executor");
    UnloadOptions options = UnloadOptions.defaults().withThreadWait(Duration.ofMillis(50));

    UnloadException e = assertThrows(UnloadException.class, () -> module.unload(options));

    UnloadReport stopped = e.report();
    System.out.println(stopped);
    assertFalse(stopped.completed());
    assertEquals(1, stopped.threads().size(), stopped.toString());
    assertEquals("module-pool", stopped.threads().get(0).name(), stopped.toString());
    assertTrue(
        stopped.threads().get(0).topFrames().get(0).startsWith("m.GreeterModule.lambda$run$"),
        stopped.toString());

    System.setProperty(RELEASE, "now");
    Thread worker = Fixtures.thread("module-pool");
    if (worker != null) {
      worker.join(TimeUnit.SECONDS.toMillis(10));
      assertFalse(worker.isAlive(), "the pool shuts down once the host signals it");
    }
    worker = null;
    UnloadReport report = unload(module, options);

    assertTrue(report.completed(), report.toString());
    assertTrue(report.threads().isEmpty(), report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /** 7: a thread the module starts with its loader as context loader, running host code. */
  @Test
  void aHostRunnableOnAThreadWithTheModuleContextLoaderIsResetAndCollected() {
    LoadedModule<Greeter> module = loadAndRun("context-loader");

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertTrue(report.threads().isEmpty(), "host code runs no module code: " + report);
    assertTrue(cleared(report, "context class loader", "module-tccl"), report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    Thread thread = Fixtures.thread("module-tccl");
    assertNotNull(thread, "the thread keeps running host code");
    assertTrue(thread.getContextClassLoader() != null, report.toString());
    assertFalse(
        thread.getContextClassLoader().getClass() == ModuleClassLoader.class, report.toString());
  }

  /**
   * 9: a thread the module starts with the system loader as context loader. On 17 it inherits the
   * access control context of the module's frames; the module's protection domains name no loader,
   * so nothing of the module stays reachable on 17 either.
   */
  @Test
  void aThreadCreatedByModuleCodeWithTheSystemContextLoaderDoesNotHoldIt() {
    LoadedModule<Greeter> module = loadAndRun("system-loader");

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertTrue(report.threads().isEmpty(), report.toString());
    assertTrue(
        report.leaks().stream().noneMatch(leak -> leak.where().contains("module-system-tccl")),
        report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    assertNotNull(Fixtures.thread("module-system-tccl"), "the thread still runs");
  }

  /**
   * 8: a host pool creates its worker while a task of the module is submitted from a call: the
   * worker inherits the module's loader as context loader, which the unload resets.
   */
  @Test
  void aHostPoolWorkerCreatedFromAModuleCallIsResetAndCollected() {
    UnloadReport report = unload(loadAndRun("host-pool"), UnloadOptions.defaults());

    assertTrue(report.threads().isEmpty(), report.toString());
    assertTrue(cleared(report, "context class loader", "host-pool-worker"), report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /**
   * 15: a notification listener of the module added to a platform MXBean: not found by any check,
   * the module stays; the report shows the chain from the MXBean's listener list.
   */
  @Test
  void aListenerOnAPlatformMxBeanIsNamedInTheHolderPath() {
    UnloadReport report = unload(loadAndRun("listener"), LEAKING);

    assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
    Holder holder = holder(report);
    assertEquals(Holder.Found.PATH, holder.found(), report.toString());
    List<String> path = holder.path();
    assertEquals(
        "static field sun.management.ManagementFactoryHelper.memoryMBean",
        path.get(0),
        report.toString());
    assertTrue(
        path.contains("sun.management.NotificationEmitterSupport$ListenerInfo.listener"),
        report.toString());
    assertTrue(path.contains("m.GreeterModule$NotificationListener"), report.toString());
    assertEquals("loader " + report.loaderName(), path.get(path.size() - 1));
  }

  /**
   * 26: an RMI object the module exports and never unexports. With no remote client holding it, the
   * object table keeps the object only weakly and drops its entry (and the context loader it
   * recorded) once the object goes; what stays is RMI's soft cache of the remote interface's
   * methods, which the report names as soft-only.
   */
  @Test
  void anExportedRmiObjectIsNamedInTheHolderPath() {
    UnloadReport report = unload(loadAndRun("rmi"), LEAKING);

    assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
    Holder holder = holder(report);
    assertEquals(Holder.Found.SOFT_PATH, holder.found(), report.toString());
    List<String> path = holder.path();
    assertEquals(
        "static field sun.rmi.server.UnicastServerRef.hashToMethod_Maps",
        path.get(0),
        report.toString());
    assertTrue(
        path.contains("java.lang.ref.SoftReference.referent (soft reference)"), report.toString());
    assertTrue(path.contains("class m.GreeterModule$Ping"), report.toString());
    assertEquals("loader " + report.loaderName(), path.get(path.size() - 1));
  }

  /** 17: a JUL Level subclass of the module, used and parsed by name. */
  @Test
  void aCustomLoggingLevelDoesNotHoldTheModule() {
    UnloadReport report = unload(loadAndRun("level"), UnloadOptions.defaults());

    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /** 20: Introspector.getBeanInfo on a bean of the module: the flush at unload cures it. */
  @Test
  void beanIntrospectionIsFlushed() {
    UnloadReport report = unload(loadAndRun("beans"), UnloadOptions.defaults());

    assertTrue(
        report.steps().stream()
            .filter(step -> step.step() == Step.LEAKS)
            .anyMatch(step -> step.summary().contains("Introspector")),
        report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /** 21: a class-based ResourceBundle of the module. */
  @Test
  void aClassBasedResourceBundleIsFlushed() {
    LoadedModule<Greeter> module = load("bundle");
    assertEquals("hello from a module bundle", module.exports().run("bundle"));

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /** 22: the module serialises and reads back its own Serializable class. */
  @Test
  void serialisingAModuleClassDoesNotHoldIt() {
    UnloadReport report = unload(loadAndRun("serialize"), UnloadOptions.defaults());

    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /**
   * 24: the module adapts a host static method handle to its own types. The handle caches the
   * adaptation: strongly on 17 ({@code asTypeCache}: the report names the host static), through a
   * SoftReference from 18 on ({@code asTypeSoftCache}: the report says softly reachable).
   */
  @Test
  void aHostMethodHandleAdaptedToModuleTypes() {
    UnloadReport report = unload(loadAndRun("as-type"), LEAKING);

    if (Runtime.version().feature() < 18) {
      // The heap path runs from the host's static through the handle's asTypeCache, a JDK cache
      // the runtime may drop: it undoes it, proves again and says so.
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
      Leak cure =
          report.leaks().stream()
              .filter(leak -> leak.kind().equals("heap path"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(report.toString()));
      assertEquals(Leak.Outcome.CLEARED, cure.outcome(), report.toString());
      assertEquals(
          "static field dev.relib.runtime.LeakMatrixTest.HOST_HANDLE", cure.where(), report.toString());
      assertTrue(cure.detail().contains("asTypeCache"), report.toString());
    } else if (report.collection() == Collection.NOT_COLLECTED) {
      Holder holder = holder(report);
      assertEquals(Holder.Found.SOFT_PATH, holder.found(), report.toString());
      assertEquals(
          "static field dev.relib.runtime.LeakMatrixTest.HOST_HANDLE",
          holder.path().get(0),
          report.toString());
    } else {
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    }
  }

  /**
   * A flight-recorder listener of the module, left waiting for a recording that never starts (Netty
   * 4.2's allocator events): the JDK's static listener list would keep it; it is removed.
   */
  @Test
  void aFlightRecorderListenerOfTheModuleIsRemoved() {
    UnloadReport report = unload(loadAndRun("recorder-listener"), UnloadOptions.defaults());

    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    assertTrue(
        cleared(report, "flight-recorder listener", "FlightRecorder listeners"), report.toString());
    assertTrue(
        report.leaks(Leak.Outcome.CLEARED).stream()
            .anyMatch(leak -> leak.detail().equals("m.GreeterModule$RecorderListener removed")),
        report.toString());
  }

  /** 25: Method.invoke on a JDK method, past the reflection inflation threshold of 17. */
  @Test
  void manyReflectiveCallsOfAJdkMethodDoNotHoldTheModule() {
    LoadedModule<Greeter> module = load("reflection");
    assertEquals("total 1000", module.exports().run("reflection"));

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /** 27: a host WeakHashMap keyed by the loader whose value is a module object. */
  @Test
  void aHostWeakHashMapKeyedByTheLoaderIsNamedWithItsValueChain() {
    UnloadReport report = unload(loadAndRun("weak-cache"), LEAKING);

    assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
    Holder holder = holder(report);
    assertEquals(Holder.Found.PATH, holder.found(), report.toString());
    List<String> path = holder.path();
    assertEquals("static field dev.relib.runtime.LeakMatrixTest.CACHE", path.get(0), report.toString());
    assertEquals("java.util.WeakHashMap.table", path.get(1), report.toString());
    assertTrue(path.contains("java.util.WeakHashMap$Entry.value"), report.toString());
    assertEquals(
        List.of("m.GreeterModule$Payload", "class m.GreeterModule$Payload", "loader " + report.loaderName()),
        path.subList(path.size() - 3, path.size()),
        report.toString());
  }

  /**
   * Row 16: the module registers an ImageIO reader provider in the default registry, which the
   * unload deregisters. The host touched ImageIO first, so the registry's AppContext was not
   * created under the module's context loader (see {@link
   * #theFirstAppContextCreatedUnderTheModuleContextLoaderHoldsIt}).
   */
  @Test
  void anImageIoProviderIsDeregisteredAndCollected() {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    LoadedModule<Greeter> module = loadAndRun("image-io");
    assertTrue(
        providerOfModule(registry), "the module's provider is registered before the unload");

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertTrue(cleared(report, "ImageIO provider", "IIORegistry"), report.toString());
    assertTrue(
        report.leaks(Leak.Outcome.CLEARED).stream()
            .anyMatch(leak -> leak.detail().startsWith("m.GreeterModule$ReaderSpi deregistered")),
        report.toString());
    assertFalse(providerOfModule(registry), report.toString());
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  private static boolean providerOfModule(IIORegistry registry) {
    Iterator<ImageReaderSpi> readers = registry.getServiceProviders(ImageReaderSpi.class, false);
    while (readers.hasNext()) {
      if (readers.next().getClass().getName().equals("m.GreeterModule$ReaderSpi")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Row 7: the module runs a short thread in a thread group of its own class. Up to JDK 18 the
   * parent group keeps the empty group until it is destroyed, which the unload does; from 19 on
   * nothing holds it and there is nothing to cure.
   */
  @Test
  void aThreadGroupOfTheModuleIsDestroyedWhereItsParentHoldsIt() {
    UnloadReport report = unload(loadAndRun("thread-group"), UnloadOptions.defaults());

    if (Runtime.version().feature() < 19) {
      assertTrue(cleared(report, "thread group", "module-group"), report.toString());
    } else {
      assertTrue(
          report.leaks().stream().noneMatch(leak -> leak.kind().equals("thread group")),
          report.toString());
    }
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /**
   * Row 7, bean contexts: a thread of the module's group introspects a bean of the module, which
   * caches the bean info in that group's {@code java.beans.ThreadGroupContext}. The context map
   * holds the group weakly, but once the group is gone its stale entry, with the bean info, stays
   * until the map is next used, and reaches the bean's methods through soft references: the module
   * is either collected or reported as softly reachable from {@code ThreadGroupContext.contexts}
   * (seen on 25 when other tests ran first), never as leaked.
   */
  @Test
  void beanInfoCachedForAThreadGroupOfTheModuleIsAtMostSoftlyHeld() {
    UnloadReport report = unload(loadAndRun("group-beans"), LEAKING);

    if (report.collection() != Collection.COLLECTED) {
      Holder holder = holder(report);
      assertEquals(Holder.Found.SOFT_PATH, holder.found(), report.toString());
      assertEquals(
          "static field java.beans.ThreadGroupContext.contexts",
          holder.path().get(0),
          report.toString());
    }
  }

  /** Row 17: an InitialContext of the module's own factory, named in the environment. */
  @Test
  void aJndiContextOfAModuleFactoryDoesNotHoldIt() {
    LoadedModule<Greeter> module = load("jndi");
    assertEquals("found relib", module.exports().run("jndi"));

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /**
   * Row 12: the host gets a message digest and a cipher from a provider the module added: the
   * JDK's provider and JCE caches keep nothing once the provider is removed.
   */
  @Test
  void digestsAndCiphersOfAModuleProviderDoNotHoldItOnceRemoved() throws Exception {
    LoadedModule<Greeter> module = loadAndRun("jce");
    byte[] input = "relib".getBytes(StandardCharsets.US_ASCII);
    MessageDigest digest = MessageDigest.getInstance("RELIB-SAME");
    assertEquals("relib-jce", digest.getProvider().getName());
    assertArrayEquals(input, digest.digest(input));
    Cipher cipher = Cipher.getInstance("RELIB-SAME");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(input, "RAW"));
    assertArrayEquals(input, cipher.doFinal(input));
    digest = null;
    cipher = null;

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertTrue(cleared(report, "security provider", "Security"), report.toString());
    assertNull(Security.getProvider("relib-jce"));
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /**
   * Row 13: the module replaces the cookie handler, the response cache, the default hostname
   * verifier, the default TLS context and HTTPS socket factory; each is put back.
   */
  @Test
  void processWideNetworkDefaultsOfTheModuleAreReset() throws Exception {
    CookieHandler cookies = CookieHandler.getDefault();
    ResponseCache cache = ResponseCache.getDefault();
    HostnameVerifier verifier = HttpsURLConnection.getDefaultHostnameVerifier();
    LoadedModule<Greeter> module = loadAndRun("net-defaults");
    assertTrue(HttpsURLConnection.getDefaultHostnameVerifier() != verifier);

    UnloadReport report = unload(module, UnloadOptions.defaults());

    for (String where :
        List.of(
            "CookieHandler",
            "ResponseCache",
            "getDefaultHostnameVerifier",
            "SSLContext",
            "getDefaultSSLSocketFactory")) {
      assertTrue(cleared(report, "process-wide default", where), where + ": " + report);
    }
    assertSame(cookies, CookieHandler.getDefault());
    assertSame(cache, ResponseCache.getDefault());
    assertSame(verifier, HttpsURLConnection.getDefaultHostnameVerifier());
    assertFalse(SSLContext.getDefault().getClass().getName().startsWith("m."));
    assertFalse(
        HttpsURLConnection.getDefaultSSLSocketFactory().getClass().getName().startsWith("m."));
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /**
   * Row 27: a library of the host caches a class of the module, strongly, keyed by the class: the
   * report names the library's static field and the chain down to the loader.
   */
  @Test
  void aHostLibraryCacheOfModuleClassesIsNamedWithItsChain() {
    UnloadReport report = unload(loadAndRun("type-cache"), LEAKING);

    assertEquals(Collection.NOT_COLLECTED, report.collection(), report.toString());
    Holder holder = holder(report);
    assertEquals(Holder.Found.PATH, holder.found(), report.toString());
    List<String> path = holder.path();
    assertEquals(
        "static field dev.relib.runtime.LeakMatrixTest$TypeFactory.TYPES",
        path.get(0),
        report.toString());
    assertEquals("java.util.concurrent.ConcurrentHashMap.table", path.get(1), report.toString());
    assertEquals(
        List.of("class m.GreeterModule$Payload", "loader " + report.loaderName()),
        path.subList(path.size() - 2, path.size()),
        report.toString());
  }

  /**
   * Rows 16 and 25: the first {@code AppContext} of the JVM is created lazily, here by the module's
   * first use of ImageIO, and keeps the context class loader of the thread that created it. Run in
   * a fresh JVM, as the surefire JVM may have created it already.
   */
  @Test
  void theFirstAppContextCreatedUnderTheModuleContextLoaderHoldsIt() throws Exception {
    List<String> out = inChildJvm("app-context");

    assertTrue(out.contains("collection=NOT_COLLECTED"), String.join("\n", out));
    assertTrue(out.contains("found=PATH"), String.join("\n", out));
    assertTrue(
        out.stream().anyMatch(line -> line.startsWith("path=static field sun.awt.AppContext.")),
        String.join("\n", out));
    assertTrue(
        out.stream().anyMatch(line -> line.equals("path=sun.awt.AppContext.contextClassLoader")),
        String.join("\n", out));
  }

  /**
   * Row 17: {@code NamingManager.setObjectFactoryBuilder} can be called once per JVM and never
   * undone: the module stays, and the report names the static field (of {@code NamingManager} on
   * 17, of {@code com.sun.naming.internal.NamingManagerHelper} on 25). Run in a fresh JVM, as it
   * would stay set for every later test.
   */
  @Test
  void aNamingObjectFactoryBuilderPinsTheModuleAndIsNamed() throws Exception {
    List<String> out = inChildJvm("object-factory-builder");

    assertTrue(out.contains("collection=NOT_COLLECTED"), String.join("\n", out));
    assertTrue(out.contains("found=PATH"), String.join("\n", out));
    // The field moved to a helper class in a later JDK: pinned on the two JDKs CI runs.
    String onJdk17 = "path=static field javax.naming.spi.NamingManager.object_factory_builder";
    String onJdk25 =
        "path=static field com.sun.naming.internal.NamingManagerHelper.object_factory_builder";
    int feature = Runtime.version().feature();
    if (feature == 17 || feature == 25) {
      assertTrue(out.contains(feature == 17 ? onJdk17 : onJdk25), String.join("\n", out));
    } else {
      assertTrue(out.contains(onJdk17) || out.contains(onJdk25), String.join("\n", out));
    }
    assertTrue(
        out.stream().anyMatch(line -> line.startsWith("path=class m.GreeterModule$$Lambda")),
        String.join("\n", out));
  }

  private List<String> inChildJvm(String command) throws Exception {
    Path jar = TestModules.jar(classes, dir.resolve(command + "-child.jar"));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ChildProbe.class.getName(),
                jar.toString(),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), out);
    System.out.println(out);
    assertEquals(0, child.exitValue(), out);
    return out.lines().toList();
  }

  /** Runs one command of a module in a child JVM, unloads it, prints the collection and holder. */
  static final class ChildProbe {
    public static void main(String[] args) {
      try (Relib relib = Relib.create()) {
        LoadedModule<Greeter> module =
            relib.module(Greeter.class).provide(HostLog.class, message -> {}).load(Path.of(args[0]));
        module.exports().run(args[1]);
        UnloadReport report = module.unload(LEAKING);
        System.out.println("collection=" + report.collection());
        report
            .holder()
            .ifPresent(
                holder -> {
                  System.out.println("found=" + holder.found());
                  holder.path().forEach(step -> System.out.println("path=" + step));
                });
      }
    }
  }

  /** 29: the module's jar is read into memory at load: no handle stays open, it can be deleted. */
  @Test
  void theJarCanBeDeletedOnceUnloadedAndIsNeverKeptOpen() throws IOException {
    LoadedModule<Greeter> module = load("deletable");
    Path jar = dir.resolve("deletable.jar");
    assertEquals("done", module.exports().run("nothing"));
    assertFalse(openHandles().contains(jar.toRealPath()), "open while loaded");

    UnloadReport report = unload(module, UnloadOptions.defaults());

    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    assertFalse(openHandles().contains(jar.toRealPath()), "open after unload");
    Files.delete(jar);
    assertFalse(Files.exists(jar));
  }

  /**
   * 31: {@code -XX:+DisableExplicitGC} cannot be set in a running JVM, so a child JVM started with
   * it unloads a module: the report says collection cannot be proven, and why.
   */
  @Test
  void withExplicitGcDisabledTheProofSaysItCannotProve() throws Exception {
    Path jar = TestModules.jar(classes, dir.resolve("no-gc.jar"));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+DisableExplicitGC",
                "-cp",
                System.getProperty("java.class.path"),
                DisabledGcProbe.class.getName(),
                jar.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), out);
    assertEquals(0, child.exitValue(), out);
    assertTrue(out.contains("collection=UNKNOWN"), out);
    assertTrue(out.contains("note=-XX:+DisableExplicitGC makes System.gc() do nothing"), out);
  }

  /** Runs in the child JVM of {@link #withExplicitGcDisabledTheProofSaysItCannotProve}. */
  static final class DisabledGcProbe {
    public static void main(String[] args) {
      try (Relib relib = Relib.create()) {
        LoadedModule<Greeter> module =
            relib.module(Greeter.class).provide(HostLog.class, message -> {}).load(Path.of(args[0]));
        module.exports().run("nothing");
        UnloadReport report = module.unload();
        System.out.println("collection=" + report.collection());
        System.out.println("note=" + report.collectionNote());
      }
    }
  }

  /** The files this process has open, where the OS lists them (Linux); empty elsewhere. */
  private static List<Path> openHandles() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return List.of();
    }
    List<Path> open = new ArrayList<>();
    try (Stream<Path> links = Files.list(fds)) {
      for (Path link : links.toList()) {
        try {
          open.add(Files.readSymbolicLink(link));
        } catch (IOException | UnsupportedOperationException gone) {
          // closed meanwhile
        }
      }
    }
    return open;
  }
}
