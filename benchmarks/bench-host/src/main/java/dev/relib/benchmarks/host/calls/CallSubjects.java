package dev.relib.benchmarks.host.calls;

import dev.relib.benchmarks.api.Work;
import dev.relib.benchmarks.host.Subjects;
import dev.relib.runtime.LoadedModule;
import dev.relib.runtime.Relib;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pf4j.PluginManager;

/**
 * The objects the call benchmarks call, one JMH state per way of loading the module, so that a
 * benchmark loads only the subject it calls and each call site sees one receiver class. Every state
 * loads the same module jar once per trial and unloads it after.
 */
public final class CallSubjects {
  private CallSubjects() {}

  /** The arguments, read from fields so that the JIT cannot fold the calls. */
  @State(Scope.Thread)
  public static class Args {
    public int x = 42;
    public long seed = 0x9E3779B97F4A7C15L;
  }

  /** The module's own object, loaded by a bare {@link URLClassLoader}: the direct call. */
  @State(Scope.Benchmark)
  public static class Direct {
    public Work work;
    private URLClassLoader loader;

    @Setup(Level.Trial)
    public void load() {
      loader = Subjects.bareLoader(Subjects.moduleJar());
      work = Subjects.direct(loader);
    }

    @TearDown(Level.Trial)
    public void unload() throws IOException {
      work = null;
      loader.close();
    }
  }

  /** The module loaded by relib; its exports are the generated bridge. */
  public abstract static class RelibSubject {
    public Work work;
    private Relib relib;
    private LoadedModule<Work> module;

    void load(boolean switchContextClassLoader) {
      relib = Relib.create();
      module = Subjects.relib(relib, Subjects.moduleJar(), switchContextClassLoader);
      work = module.exports();
    }

    void loadWithDefaults() {
      relib = Relib.create();
      module = Subjects.relibDefault(relib, Subjects.moduleJar());
      work = module.exports();
    }

    @TearDown(Level.Trial)
    public void unload() {
      work = null;
      module.unload();
      relib.close();
    }
  }

  /**
   * relib as a host gets it without options: the load decides the switch from the module's
   * classes (off for this module, whose code never reads the context class loader).
   */
  @State(Scope.Benchmark)
  public static class RelibDefault extends RelibSubject {
    @Setup(Level.Trial)
    public void load() {
      loadWithDefaults();
    }
  }

  /** relib with the context class loader switch forced off. */
  @State(Scope.Benchmark)
  public static class RelibPlain extends RelibSubject {
    @Setup(Level.Trial)
    public void load() {
      load(false);
    }
  }

  /** relib with the context class loader switch forced on: switched on every call. */
  @State(Scope.Benchmark)
  public static class RelibSwitching extends RelibSubject {
    @Setup(Level.Trial)
    public void load() {
      load(true);
    }
  }

  /**
   * The module's own object, loaded by a bare loader, behind a hand-written bridge with relib's
   * guard; the bridge is revoked, as an unload would, before the loader is closed.
   */
  public abstract static class Guarded {
    public Work work;
    private URLClassLoader loader;
    private Runnable revoke;

    /** Loads the module: the object the bridge guards. */
    Work module() {
      loader = Subjects.bareLoader(Subjects.moduleJar());
      return Subjects.direct(loader);
    }

    void guard(Work bridge, Runnable revoke) {
      this.work = bridge;
      this.revoke = revoke;
    }

    @TearDown(Level.Trial)
    public void unload() throws IOException {
      revoke.run();
      work = null;
      loader.close();
    }
  }

  /** Behind a {@link ProxyBridge}. */
  @State(Scope.Benchmark)
  public static class ProxyGuarded extends Guarded {
    @Setup(Level.Trial)
    public void load() {
      ProxyBridge bridge = new ProxyBridge("bench-module", module());
      guard(bridge.proxy(), bridge::revoke);
    }
  }

  /** Behind a {@link MethodHandleBridge}. */
  @State(Scope.Benchmark)
  public static class HandleGuarded extends Guarded {
    @Setup(Level.Trial)
    public void load() {
      MethodHandleBridge bridge = new MethodHandleBridge("bench-module", module());
      guard(bridge, bridge::revoke);
    }
  }

  /** Behind an {@link InstanceMethodHandleBridge}. */
  @State(Scope.Benchmark)
  public static class InstanceHandleGuarded extends Guarded {
    @Setup(Level.Trial)
    public void load() {
      InstanceMethodHandleBridge bridge = new InstanceMethodHandleBridge("bench-module", module());
      guard(bridge, bridge::revoke);
    }
  }

  /** The PF4J extension: the module's own object as PF4J returns it, with no guard at all. */
  @State(Scope.Benchmark)
  public static class Pf4j {
    public Work work;
    private Path root;
    private PluginManager manager;

    @Setup(Level.Trial)
    public void load() throws IOException {
      root = Files.createTempDirectory("bench-calls-pf4j");
      manager = Subjects.pf4j(Subjects.moduleJar(), root);
      work = Subjects.startPf4j(manager);
    }

    @TearDown(Level.Trial)
    public void unload() throws IOException {
      work = null;
      Subjects.stopPf4j(manager);
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
