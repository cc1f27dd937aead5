package dev.relib.bridge;

import java.util.List;

/**
 * What the processor generates for a {@code @Module} class ({@code <Name>_ModuleStub}), and the
 * runtime loads inside the module's own class loader: what the module was compiled against, how to
 * construct it, and how to tell it that it is about to be unloaded.
 *
 * <p>Each stub is named by a resource {@code META-INF/relib/stubs/<binary name of the stub>} in the
 * module's output, so the runtime finds it without scanning classes. A stub instance serves one
 * loaded module: {@link #create} is called once, and {@link #beforeUnload()} at most once.
 *
 * <p>Part of the contract between generated code and the runtime; not meant for direct use.
 */
public abstract class ModuleStub {
  /**
   * The version of this contract. A stub records the version it was generated for, and the runtime
   * refuses a stub of another version rather than fail on it later.
   */
  public static final int CONTRACT_VERSION = 1;

  /** Where stubs are named, relative to the root of a module's jar or classes directory. */
  public static final String STUB_RESOURCE_DIRECTORY = "META-INF/relib/stubs/";

  protected ModuleStub() {}

  /** The {@link #CONTRACT_VERSION} this stub was generated for. */
  public abstract int contractVersion();

  /** The version of relib's processor that generated this stub. */
  public abstract String relibVersion();

  /** The {@code @Exports} interface the module implements. */
  public abstract Class<?> exportsType();

  /** The {@code @Imports} interfaces the module's constructor takes, in order. */
  public abstract List<Class<?>> importTypes();

  /**
   * The fingerprints of the exports and imports interfaces as the module was compiled against them
   * (embedded as literals).
   */
  public abstract List<Fingerprint> compiledFingerprints();

  /**
   * The fingerprints of the same interfaces, in the same order, as the host's API has them now
   * (read from the host's generated bridges when called).
   */
  public abstract List<Fingerprint> hostFingerprints();

  /**
   * Constructs the module with the host's imports (each wrapped in its module-side bridge) and
   * returns the host-side bridge of its exports interface.
   *
   * @throws Exception whatever the module's constructor throws, checked exceptions included
   */
  public abstract Bridge create(BridgeContext context, ProvidedImports imports) throws Exception;

  /** Whether the module has a {@code @BeforeUnload} method. */
  public abstract boolean hasBeforeUnload();

  /**
   * Calls the module's {@code @BeforeUnload} method, if it has one.
   *
   * @throws Exception whatever that method throws, checked exceptions included
   */
  public abstract void beforeUnload() throws Exception;

  /**
   * The state type of a module that keeps its state across reloads ({@code dev.relib.KeepsState}),
   * a class of the shared API; null when the module keeps none.
   */
  public Class<?> stateType() {
    return null;
  }

  /** The state type's fingerprint as the module was compiled against it; null without a state. */
  public Fingerprint stateFingerprint() {
    return null;
  }

  /**
   * The earlier state types the module migrates from ({@code dev.relib.MigratesState}), with their
   * fingerprints as the module was compiled against them.
   */
  public List<Fingerprint> migrationFingerprints() {
    return List.of();
  }

  /**
   * The module object that the host's bridge of its exports calls, for the runtime to point that
   * bridge back at after it paused its calls for a state hand-over that did not happen; null when
   * the module keeps no state.
   */
  public Object exportsTarget() {
    return null;
  }

  /**
   * Calls the module's {@code saveState()} and returns a copy of the result that references no
   * object of the module's classes.
   *
   * @throws Exception whatever that method or the copy throws
   */
  public Object saveState() throws Exception {
    throw new UnsupportedOperationException("the module keeps no state");
  }

  /**
   * Hands the module a state saved by an earlier version: to its {@code restoreState} when it is of
   * the module's state type, else through the migration from its type first.
   *
   * @throws Exception whatever those methods throw
   * @throws IllegalArgumentException if the state is of no type the module takes
   */
  public void restoreState(Object state) throws Exception {
    throw new UnsupportedOperationException("the module keeps no state");
  }
}
