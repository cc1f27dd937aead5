package dev.relib.runtime;

import java.util.Objects;

/**
 * A module could not be loaded. Nothing of it stays behind: the host and the other modules are
 * untouched, and the same builder may load again once the cause is fixed.
 */
public final class LoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a module was refused. */
  public enum Reason {
    /** The module's jar or directory, or one of its library jars, does not exist. */
    NOT_FOUND,
    /** The jar or directory holds no module stub: no {@code @Module} class compiled by relib. */
    NO_STUB,
    /** The jar or directory holds more than one module stub. */
    SEVERAL_STUBS,
    /** The module was generated for another version of relib's contract. */
    VERSION_MISMATCH,
    /** The module was compiled against another version of the shared API. */
    API_MISMATCH,
    /** The module needs an {@code @Imports} interface the host did not provide. */
    MISSING_IMPORT,
    /** The module's constructor threw. */
    CONSTRUCTOR_THREW,
    /**
     * A jar cannot be read (not a zip file, truncated, unreadable), or the path is neither a
     * regular file nor a directory (a named pipe, a device).
     */
    MALFORMED,
    /**
     * An entry, or the module with its libraries, inflates beyond the bounds of {@link
     * ModuleBuilder#maxEntrySize(long)} and {@link ModuleBuilder#maxModuleSize(long)}.
     */
    TOO_LARGE,
    /** The module implements another {@code @Exports} interface than the one asked for. */
    WRONG_EXPORTS,
    /**
     * A live module's new version loaded, but the old version's state could not be handed to it
     * (the cause, a {@link StateHandOverException}, says why); the old version keeps serving.
     */
    STATE_REFUSED
  }

  private final Reason reason;

  public LoadException(Reason reason, String message) {
    this(reason, message, null);
  }

  public LoadException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the module was refused. */
  public Reason reason() {
    return reason;
  }
}
