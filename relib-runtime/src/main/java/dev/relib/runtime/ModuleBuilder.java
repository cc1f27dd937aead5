package dev.relib.runtime;

import dev.relib.Imports;
import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeNames;
import dev.relib.bridge.Fingerprint;
import dev.relib.bridge.ModuleStub;
import dev.relib.bridge.ProvidedImports;
import dev.relib.runtime.internal.leaks.HostDefaults;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import dev.relib.runtime.internal.load.ModuleImage;
import dev.relib.runtime.internal.threads.ThreadScan;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Describes a module to load: the host's implementations of its {@code @Imports} interfaces, its
 * libraries, its name. {@link #load(Path)} may be called many times; each load gets its own class
 * loader and snapshot of the module's files. Not thread-safe: configure it on one thread. Each
 * {@code load}, {@code watch} and {@code watchFolder} works from a snapshot of the settings taken
 * when it is called, so that a live module's reloads (on its watcher's thread) and a plugin
 * folder's loads see those settings whatever the builder is told afterwards.
 *
 * @param <T> the module's {@code @Exports} interface
 */
public final class ModuleBuilder<T> {
  // Long, as a public builder: each option carries the javadoc a host reads, and one load's
  // sequence (read the files, check the stub, decide the context loader, construct) stays beside
  // the settings it reads; the checks themselves are StubChecks' and ContextLoaderScan's.
  private static final System.Logger LOG = System.getLogger(ModuleBuilder.class.getName());

  /**
   * The default bound of one entry of a module, inflated: 256 MiB. The largest class files and
   * resources of real libraries are a few MiB.
   */
  public static final long DEFAULT_MAX_ENTRY_SIZE = ModuleImage.DEFAULT_MAX_ENTRY_SIZE;

  /**
   * The default bound of a module's entries in all, its libraries' included, inflated: 1 GiB, more
   * than any real module reads into memory.
   */
  public static final long DEFAULT_MAX_MODULE_SIZE = ModuleImage.DEFAULT_MAX_MODULE_SIZE;

  private final Relib relib;
  private final Class<T> exportsType;
  private final Class<?> hostBridge;
  private final Fingerprint exportsFingerprint;
  private final Map<Class<?>, Object> imports;
  private final Map<Class<?>, Fingerprint> importFingerprints;
  private final List<Path> libraries;
  // A snapshot: what load, watch and watchFolder work from; never changed once made.
  private final boolean snapshot;
  private String name;
  // Null: each load decides from the module's classes.
  private Boolean switchContextClassLoader;
  private String forcedBy;
  private long maxEntrySize = DEFAULT_MAX_ENTRY_SIZE;
  private long maxModuleSize = DEFAULT_MAX_MODULE_SIZE;
  private StatePolicy statePolicy = StatePolicy.KEEP_OLD_VERSION;

  ModuleBuilder(Relib relib, Class<T> exportsType, Boolean switchContextClassLoader) {
    this.relib = relib;
    this.exportsType = exportsType;
    this.hostBridge = generatedBridge(exportsType, BridgeNames.hostBridge(exportsType.getName()));
    this.exportsFingerprint = fingerprintOf(hostBridge);
    this.switchContextClassLoader = switchContextClassLoader;
    this.forcedBy = "Relib.Builder.switchContextClassLoader";
    this.imports = new LinkedHashMap<>();
    this.importFingerprints = new LinkedHashMap<>();
    this.libraries = new ArrayList<>();
    this.snapshot = false;
  }

  private ModuleBuilder(ModuleBuilder<T> settings) {
    this.relib = settings.relib;
    this.exportsType = settings.exportsType;
    this.hostBridge = settings.hostBridge;
    this.exportsFingerprint = settings.exportsFingerprint;
    this.imports = Collections.unmodifiableMap(new LinkedHashMap<>(settings.imports));
    this.importFingerprints =
        Collections.unmodifiableMap(new LinkedHashMap<>(settings.importFingerprints));
    this.libraries = List.copyOf(settings.libraries);
    this.name = settings.name;
    this.switchContextClassLoader = settings.switchContextClassLoader;
    this.forcedBy = settings.forcedBy;
    this.maxEntrySize = settings.maxEntrySize;
    this.maxModuleSize = settings.maxModuleSize;
    this.statePolicy = settings.statePolicy;
    this.snapshot = true;
  }

  /** The settings as they are now, for a load or a watch to work from. */
  private ModuleBuilder<T> snapshot() {
    return snapshot ? this : new ModuleBuilder<>(this);
  }

  private void checkNotSnapshot() {
    if (snapshot) {
      throw new IllegalStateException("a snapshot of a module's settings is not changed");
    }
  }

  /**
   * Provides the host's implementation of one of the module's {@code @Imports} interfaces. The
   * module receives it wrapped in a bridge that it cannot use after unload.
   *
   * @throws IllegalArgumentException if {@code importsType} is not an {@code @Imports} interface
   *     compiled with relib-processor
   */
  public <I> ModuleBuilder<T> provide(Class<I> importsType, I implementation) {
    checkNotSnapshot();
    Objects.requireNonNull(importsType, "importsType");
    Objects.requireNonNull(implementation, "implementation");
    if (!importsType.isInterface() || !importsType.isAnnotationPresent(Imports.class)) {
      throw new IllegalArgumentException(
          importsType.getName()
              + " is not an @Imports interface: provide only interfaces annotated with"
              + " @dev.relib.Imports, which a module's constructor takes");
    }
    Fingerprint fingerprint =
        fingerprintOf(
            generatedBridge(importsType, BridgeNames.moduleBridge(importsType.getName())));
    imports.put(importsType, importsType.cast(implementation));
    importFingerprints.put(importsType, fingerprint);
    return this;
  }

  /** Adds jars of the module's own libraries, loaded in the module's loader after its own jar. */
  public ModuleBuilder<T> libraries(Path... jars) {
    return libraries(List.of(jars));
  }

  /** Adds jars of the module's own libraries, loaded in the module's loader after its own jar. */
  public ModuleBuilder<T> libraries(Collection<Path> jars) {
    checkNotSnapshot();
    for (Path jar : jars) {
      libraries.add(Objects.requireNonNull(jar, "library jar"));
    }
    return this;
  }

  /** Names the module in reports, exceptions and its loader's name; default: its file's name. */
  public ModuleBuilder<T> name(String name) {
    checkNotSnapshot();
    if (name.isBlank()) {
      throw new IllegalArgumentException("a module name must not be blank");
    }
    this.name = name;
    return this;
  }

  /**
   * Forces whether calls into this module set the thread's context class loader to the module's,
   * and calls back set the host's, overriding the runtime's {@link
   * Relib.Builder#switchContextClassLoader(boolean)}.
   *
   * <p>Unless forced, each load decides from the module's bytes ({@link ContextLoaderSwitch}): on
   * when a class of the module or of its libraries calls {@link Thread#getContextClassLoader()},
   * the one-argument {@link java.util.ServiceLoader#load(Class)} or a JDK entry point that reads
   * the context loader for its caller; off otherwise, so that a call costs about what a direct call
   * costs. Force it on for code the scan cannot see: a read of the context loader through
   * reflection, or in a class generated at run time. {@link LoadedModule#contextLoaderSwitch()}
   * says what a load chose and why.
   */
  public ModuleBuilder<T> switchContextClassLoader(boolean switchContextClassLoader) {
    checkNotSnapshot();
    this.switchContextClassLoader = switchContextClassLoader;
    this.forcedBy = "ModuleBuilder.switchContextClassLoader";
    return this;
  }

  /**
   * Bounds the bytes one entry of the module (or of a library jar) may inflate to; a larger one
   * refuses the load with {@link LoadException.Reason#TOO_LARGE}. The bytes are counted as they are
   * read, whatever the jar declares, so a zip bomb costs no more memory than the bound. Default
   * {@link #DEFAULT_MAX_ENTRY_SIZE}; at most 2 GiB less a little, the largest Java array.
   */
  public ModuleBuilder<T> maxEntrySize(long bytes) {
    checkNotSnapshot();
    if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "an entry's bound must be between 1 and " + (Integer.MAX_VALUE - 8) + " bytes: " + bytes);
    }
    this.maxEntrySize = bytes;
    return this;
  }

  /**
   * What a live module does when a new version loaded but the old version's state cannot be handed
   * to it ({@code dev.relib.KeepsState}): keep the old version serving (the default) or start the
   * new one fresh. See {@link StatePolicy}.
   */
  public ModuleBuilder<T> statePolicy(StatePolicy policy) {
    checkNotSnapshot();
    this.statePolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  StatePolicy statePolicy() {
    return statePolicy;
  }

  /**
   * Bounds the bytes the module's entries, its libraries' included, may inflate to in all; more
   * refuses the load with {@link LoadException.Reason#TOO_LARGE}. Default {@link
   * #DEFAULT_MAX_MODULE_SIZE}.
   */
  public ModuleBuilder<T> maxModuleSize(long bytes) {
    checkNotSnapshot();
    if (bytes <= 0) {
      throw new IllegalArgumentException("a module's bound must be positive: " + bytes);
    }
    this.maxModuleSize = bytes;
    return this;
  }

  /**
   * Loads the module: reads its jar or classes directory (and libraries) into memory, creates its
   * class loader, checks that it was built for this relib and this version of the API, and
   * constructs it with the provided imports.
   *
   * @param module a jar (with the jars its manifest's {@code Class-Path} names beside it), a
   *     directory of classes, a plugin folder (the module's jar or {@code classes/} at its top, its
   *     libraries in {@code lib/}) or a zip of one, containing one {@code @Module} class
   * @throws LoadException if the module cannot be loaded; nothing of it stays loaded
   * @throws IllegalStateException if the runtime is closed, or closed while the module loaded (what
   *     was loaded is unloaded again)
   */
  public LoadedModule<T> load(Path module) {
    Objects.requireNonNull(module, "module");
    relib.checkOpen();
    // Loaded in a frame of its own: if it must be undone here, nothing of the module (its loader,
    // its stub, its exports) stays in a local of this frame while the unload proves collection.
    LoadedModule<T> loaded = snapshot().loadUnregistered(module);
    if (!relib.register(loaded)) {
      // The runtime closed while this load ran: close did not see the module, so undo it here.
      discard(loaded);
      throw Relib.closedException();
    }
    return loaded;
  }

  private LoadedModule<T> loadUnregistered(Path module) {
    String moduleName = name != null ? name : defaultName(module);
    Map<Class<?>, Object> provided = Map.copyOf(imports);
    ModuleImage image =
        ModuleImage.read(module, List.copyOf(libraries), maxEntrySize, maxModuleSize);
    String stubName = StubChecks.stubName(image, module);
    ClassLoader apiLoader = exportsType.getClassLoader();
    Set<String> shared = sharedPackages();
    ModuleClassLoader loader = new ModuleClassLoader(moduleName, apiLoader, shared, image);
    List<String> warnings = new ArrayList<>(image.warnings());
    warnings.addAll(StubChecks.bundledApiWarnings(image, shared, apiLoader, module));
    ModuleContext context = null;
    LoadedModule<T> loaded;
    try {
      ModuleStub stub = StubChecks.instantiate(loader, stubName, module);
      StubChecks.check(stub, exportsType, module, provided);
      ContextLoaderSwitch contextSwitch = contextLoaderSwitch(image, loader, module, moduleName);
      context = new ModuleContext(moduleName, loader, apiLoader, contextSwitch.on());
      // Before the constructor runs: it may replace them already.
      HostDefaults defaults = HostDefaults.capture();
      T exports = construct(stub, loader, context, provided, module, contextSwitch.on());
      Unloader unloader = new Unloader(loader, stub, context, apiLoader, defaults);
      loaded =
          new LoadedModule<>(
              relib,
              moduleName,
              module,
              exports,
              warnings,
              contextSwitch,
              image.libraryFiles(),
              unloader,
              KeptState.of(stub));
    } catch (RuntimeException | Error e) {
      if (context != null) {
        context.revoke();
        context.release();
      }
      loader.close();
      throw e;
    }
    return loaded;
  }

  /** Unloads a module nobody will hold, logging its report. */
  private void discard(LoadedModule<T> loaded) {
    try {
      UnloadReport report = loaded.unload(unloadOptions().withProceedWithRunningThreads(true));
      LOG.log(Level.DEBUG, "{0}", report);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "unloading module '" + loaded.name() + "' failed", e);
    }
  }

  /**
   * Loads the module and watches its jar or classes directory: see {@link LiveModule}. Reloads wait
   * for the files to stay quiet for {@link LiveModule#DEFAULT_QUIET_PERIOD}. Every reload loads
   * with this builder's settings as they are when {@code watch} is called.
   *
   * @param module a jar, or a directory of classes, containing one {@code @Module} class
   * @throws LoadException if the first version cannot be loaded
   */
  public LiveModule<T> watch(Path module) {
    return watch(module, LiveModule.DEFAULT_QUIET_PERIOD);
  }

  /**
   * Like {@link #watch(Path)}, reloading once the files have stayed quiet for {@code quietPeriod}:
   * longer for builds that pause between the files they write, shorter for faster reloads.
   */
  public LiveModule<T> watch(Path module, Duration quietPeriod) {
    return watch(module, quietPeriod, LiveModule.BUILD_GRACE);
  }

  /** Like {@link #watch(Path, Duration)}, giving a half-built state {@code buildGrace}. */
  LiveModule<T> watch(Path module, Duration quietPeriod, Duration buildGrace) {
    Objects.requireNonNull(module, "module");
    if (quietPeriod.isNegative()) {
      throw new IllegalArgumentException("a quiet period must not be negative: " + quietPeriod);
    }
    relib.checkOpen();
    LiveModule<T> live = new LiveModule<>(snapshot(), module, quietPeriod, buildGrace);
    if (!relib.register(live)) {
      live.close();
      throw Relib.closedException();
    }
    return live;
  }

  /**
   * Watches a folder of plugins of this interface, each loaded with this builder's settings as they
   * are when this is called: see {@link PluginFolder}. What the folder holds now is loaded before
   * this returns; a plugin that fails is reported to the listeners, which can only be added
   * afterwards, so check {@link PluginFolder#waiting()} too.
   *
   * @param folder a directory whose jars, zips and directories are plugins
   * @throws LoadException if the folder is not a directory
   * @throws IllegalStateException if {@link #name(String)} was set: each plugin is named after its
   *     file
   */
  public PluginFolder<T> watchFolder(Path folder) {
    return watchFolder(folder, LiveModule.DEFAULT_QUIET_PERIOD, LiveModule.BUILD_GRACE);
  }

  /** Like {@link #watchFolder(Path)}, with the given quiet period and build grace. */
  PluginFolder<T> watchFolder(Path folder, Duration quietPeriod, Duration buildGrace) {
    Objects.requireNonNull(folder, "folder");
    if (name != null) {
      throw new IllegalStateException(
          "each plugin of a folder is named after its file, yet name(\""
              + name
              + "\") was set: call watchFolder on a builder without name(...)");
    }
    relib.checkOpen();
    PluginFolder<T> plugins = new PluginFolder<>(snapshot(), folder, quietPeriod, buildGrace);
    if (!relib.register(plugins)) {
      plugins.close();
      throw Relib.closedException();
    }
    return plugins.start();
  }

  void forget(PluginFolder<T> plugins) {
    relib.forget(plugins);
  }

  Class<T> exportsType() {
    return exportsType;
  }

  /** The host-side bridge the processor generated for the exports interface. */
  Class<?> hostBridge() {
    return hostBridge;
  }

  void forget(LiveModule<T> live) {
    relib.forget(live);
  }

  UnloadOptions unloadOptions() {
    return relib.unloadOptions();
  }

  /** The bridge the processor generated for {@code type}, in the API's loader. */
  private static Class<?> generatedBridge(Class<?> type, String bridgeName) {
    try {
      return Class.forName(bridgeName, true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "no generated bridge "
              + bridgeName
              + " for "
              + type.getName()
              + ": compile the API with relib-processor on the compiler's"
              + " annotationProcessorPaths",
          e);
    }
  }

  private static Fingerprint fingerprintOf(Class<?> bridge) {
    try {
      return (Fingerprint) bridge.getField("FINGERPRINT").get(null);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(
          bridge.getName()
              + " has no Fingerprint FINGERPRINT: it was generated by another relib"
              + " version than this runtime's ("
              + Relib.VERSION
              + "); rebuild the API",
          e);
    }
  }

  /**
   * The packages a module must take from the host: relib's contract and every API type the host's
   * bridges reach. A module that bundles a copy of them gets the host's classes anyway, so there is
   * never a ClassCastException across the boundary.
   */
  private Set<String> sharedPackages() {
    Set<String> packages = new TreeSet<>(List.of("dev.relib", "dev.relib.bridge"));
    List<Fingerprint> fingerprints = new ArrayList<>();
    fingerprints.add(exportsFingerprint);
    fingerprints.addAll(importFingerprints.values());
    for (Fingerprint fingerprint : fingerprints) {
      for (String type : fingerprint.apiTypes()) {
        int dot = type.lastIndexOf('.');
        if (dot > 0) {
          packages.add(type.substring(0, dot));
        }
      }
    }
    packages.add(exportsType.getPackageName());
    for (Class<?> type : imports.keySet()) {
      packages.add(type.getPackageName());
    }
    return packages;
  }

  static String defaultName(Path module) {
    Path fileName = module.toAbsolutePath().normalize().getFileName();
    String name = fileName == null ? "module" : fileName.toString();
    if (name.endsWith(".jar") || name.endsWith(".zip")) {
      return name.substring(0, name.length() - ".jar".length());
    }
    // Maven's and Gradle's output directories say little; the project directory says more.
    Path project = module.toAbsolutePath().normalize().getParent();
    if (name.equals("classes") && project != null && project.getFileName() != null) {
      Path above = project.getFileName().toString().equals("target") ? project.getParent() : null;
      if (above != null && above.getFileName() != null) {
        return above.getFileName().toString();
      }
    }
    return name;
  }

  /**
   * Whether this load switches the context class loader: as forced, or as the module's classes say.
   * The scan stops at the first class that reads it; the module's own classes come first.
   */
  private ContextLoaderSwitch contextLoaderSwitch(
      ModuleImage image, ModuleClassLoader loader, Path module, String moduleName) {
    long start = System.nanoTime();
    ContextLoaderSwitch decided =
        switchContextClassLoader != null
            ? new ContextLoaderSwitch(
                switchContextClassLoader,
                true,
                "forced by " + forcedBy + "(" + switchContextClassLoader + ")")
            : ContextLoaderScan.scan(image, loader, module);
    long micros = (System.nanoTime() - start) / 1000;
    LOG.log(
        Level.DEBUG,
        () ->
            "module '"
                + moduleName
                + "': context class loader switch "
                + decided
                + " (decided in "
                + micros
                + " µs)");
    return decided;
  }

  private T construct(
      ModuleStub stub,
      ModuleClassLoader loader,
      ModuleContext context,
      Map<Class<?>, Object> provided,
      Path module,
      boolean switchContextClassLoader) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (switchContextClassLoader) {
      thread.setContextClassLoader(stub.getClass().getClassLoader());
    }
    Bridge bridge;
    try {
      bridge = stub.create(context, new Provided(provided));
    } catch (Throwable e) {
      ModuleException translated = context.translate(e) instanceof ModuleException m ? m : null;
      // Threads the constructor started keep running the module's code, and its loader, after the
      // failed load: the host must hear of them, as an unload would name them.
      List<UnloadReport.ModuleThread> left = ThreadScan.runningModuleCode(loader, loader.getName());
      throw new LoadException(
          LoadException.Reason.CONSTRUCTOR_THREW,
          "the constructor of module "
              + module.toAbsolutePath()
              + " threw "
              + (translated == null ? e.getClass().getName() : translated.getMessage())
              + ": see the cause for its stack trace"
              + (left.isEmpty()
                  ? ""
                  : ". "
                      + left.size()
                      + " thread(s) it started still run module code and keep its class loader"
                      + " alive; stop them before the constructor throws: "
                      + ThreadScan.sentence(left)),
          translated);
    } finally {
      thread.setContextClassLoader(previous);
    }
    if (!exportsType.isInstance(bridge)) {
      throw new LoadException(
          LoadException.Reason.WRONG_EXPORTS,
          "the module stub of "
              + module.toAbsolutePath()
              + " created a "
              + bridge.getClass().getName()
              + ", which does not implement "
              + exportsType.getName()
              + ": rebuild the module with relib-processor "
              + Relib.VERSION);
    }
    return exportsType.cast(bridge);
  }

  /** The host's imports as the stub asks for them. */
  private static final class Provided implements ProvidedImports {
    private final Map<Class<?>, Object> imports;

    Provided(Map<Class<?>, Object> imports) {
      this.imports = imports;
    }

    @Override
    public <I> I get(Class<I> type) {
      return type.cast(imports.get(type));
    }
  }
}
