package dev.relib.runtime;

import dev.relib.Exports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * relib's runtime: loads modules, each into its own class loader, and unloads them.
 *
 * <pre>{@code
 * try (Relib relib = Relib.create()) {
 *   LoadedModule<Greeter> greeter = relib.module(Greeter.class)
 *       .provide(HostLog.class, hostLog)
 *       .load(Path.of("greeter-module.jar"));
 *   String hi = greeter.exports().greet("Ada");
 *   System.out.println(greeter.unload());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} unloads every module this runtime loaded and still holds.
 */
public final class Relib implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Relib.class.getName());

  /** The version of this runtime, for messages about modules built by another version. */
  static final String VERSION = readVersion();

  private final UnloadOptions unloadOptions;
  private final Boolean switchContextClassLoader;
  private final Set<LoadedModule<?>> loaded = ConcurrentHashMap.newKeySet();
  private final Set<LiveModule<?>> live = ConcurrentHashMap.newKeySet();
  private final Set<PluginFolder<?>> folders = ConcurrentHashMap.newKeySet();
  // Orders registrations against close: a module registers before close looks, or is refused.
  private final Object lifecycle = new Object();
  private boolean closed;

  private Relib(Builder builder) {
    this.unloadOptions = builder.unloadOptions;
    this.switchContextClassLoader = builder.switchContextClassLoader;
  }

  /** A runtime with the default options. */
  public static Relib create() {
    return builder().build();
  }

  /** A builder for a runtime with other defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts loading a module that implements {@code exportsType}.
   *
   * @param exportsType an {@code @Exports} interface, compiled with relib-processor
   * @throws IllegalArgumentException if it is not an {@code @Exports} interface or its generated
   *     bridge is missing
   */
  public <T> ModuleBuilder<T> module(Class<T> exportsType) {
    Objects.requireNonNull(exportsType, "exportsType");
    if (!exportsType.isInterface() || !exportsType.isAnnotationPresent(Exports.class)) {
      throw new IllegalArgumentException(
          exportsType.getName()
              + " is not an @Exports interface: pass the interface the module's @Module class"
              + " implements, annotated with @dev.relib.Exports");
    }
    return new ModuleBuilder<>(this, exportsType, switchContextClassLoader);
  }

  /** The unload options {@link LoadedModule#unload()} uses. */
  UnloadOptions unloadOptions() {
    return unloadOptions;
  }

  /** Throws if this runtime is closed: it loads nothing more. */
  void checkOpen() {
    synchronized (lifecycle) {
      if (closed) {
        throw closedException();
      }
    }
  }

  static IllegalStateException closedException() {
    return new IllegalStateException(
        "this Relib is closed: it loads no more modules; create another with Relib.create()");
  }

  /** Registers a loaded module, unless this runtime was closed meanwhile: then false. */
  boolean register(LoadedModule<?> module) {
    synchronized (lifecycle) {
      return !closed && loaded.add(module);
    }
  }

  void forget(LoadedModule<?> module) {
    loaded.remove(module);
  }

  /** Registers a plugin folder, unless this runtime was closed meanwhile: then false. */
  boolean register(PluginFolder<?> folder) {
    synchronized (lifecycle) {
      return !closed && folders.add(folder);
    }
  }

  void forget(PluginFolder<?> folder) {
    folders.remove(folder);
  }

  /** Registers a live module, unless this runtime was closed meanwhile: then false. */
  boolean register(LiveModule<?> module) {
    synchronized (lifecycle) {
      return !closed && live.add(module);
    }
  }

  void forget(LiveModule<?> module) {
    live.remove(module);
  }

  /**
   * Closes every live module and unloads every module this runtime still holds, proceeding even
   * when threads still run module code. Each report is logged; an unload that fails is logged as a
   * warning with its report. From then on the runtime loads nothing: {@link ModuleBuilder#load}
   * and {@link ModuleBuilder#watch} throw {@link IllegalStateException}, and a load that was under
   * way when close began unloads what it loaded and throws it too. Calling it again retries the
   * unloads that failed.
   *
   * @throws ReentrantUnloadException if this thread runs the code of a module of this runtime (a
   *     host import the module called, a thread it started); nothing is closed then
   */
  @Override
  public void close() {
    for (LoadedModule<?> module : new ArrayList<>(loaded)) {
      if (module.state() != LoadedModule.State.UNLOADED) {
        module.refuseOnModuleThread("close of the runtime, with the unload");
      }
    }
    List<PluginFolder<?>> pluginFolders;
    List<LiveModule<?>> lives;
    List<LoadedModule<?>> modules;
    synchronized (lifecycle) {
      closed = true;
      pluginFolders = new ArrayList<>(folders);
      lives = new ArrayList<>(live);
      modules = new ArrayList<>(loaded);
    }
    for (PluginFolder<?> folder : pluginFolders) {
      try {
        folder.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing plugin folder " + folder.folder() + " failed", e);
      }
    }
    for (LiveModule<?> module : lives) {
      try {
        module.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing live module '" + module.name() + "' failed", e);
      }
    }
    UnloadOptions options = unloadOptions.withProceedWithRunningThreads(true);
    for (LoadedModule<?> module : modules) {
      try {
        UnloadReport report = module.unload(options);
        LOG.log(
            report.collection() == UnloadReport.Collection.NOT_COLLECTED
                ? Level.WARNING
                : Level.DEBUG,
            "{0}",
            report);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "unloading module '" + module.name() + "' failed", e);
      }
    }
  }

  private static String readVersion() {
    try (InputStream in = Relib.class.getResourceAsStream("relib.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Options of a {@link Relib}. */
  public static final class Builder {
    private UnloadOptions unloadOptions = UnloadOptions.defaults();
    // Null: each module's load decides.
    private Boolean switchContextClassLoader;

    private Builder() {}

    /** The options of {@link LoadedModule#unload()} without arguments. */
    public Builder unloadOptions(UnloadOptions unloadOptions) {
      this.unloadOptions = Objects.requireNonNull(unloadOptions, "unloadOptions");
      return this;
    }

    /**
     * Forces whether calls into modules set the thread's context class loader to the module's (and
     * calls back to the host's); a module's {@link ModuleBuilder#switchContextClassLoader(boolean)}
     * overrides it.
     *
     * <p>Unset (the default), each load decides from the module's bytes: the switch is on when a
     * class of the module or of its libraries reads the context class loader (calls {@link
     * Thread#getContextClassLoader()}, the one-argument {@link
     * java.util.ServiceLoader#load(Class)}, or a JDK entry point that reads it for its caller), as
     * libraries that load classes through the context loader expect; off otherwise, since it costs
     * a few nanoseconds a call on JDK 17 and about 13 on JDK 19 and later. See {@link
     * ContextLoaderSwitch}.
     */
    public Builder switchContextClassLoader(boolean switchContextClassLoader) {
      this.switchContextClassLoader = switchContextClassLoader;
      return this;
    }

    public Relib build() {
      return new Relib(this);
    }
  }
}
