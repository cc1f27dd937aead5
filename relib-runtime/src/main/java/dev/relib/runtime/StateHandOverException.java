package dev.relib.runtime;

import java.util.Objects;

/**
 * A module's state could not be handed from one version to the next ({@code dev.relib.KeepsState}).
 * The old version's state is untouched: the old version keeps serving, or the new one starts fresh,
 * as the host chose ({@link StatePolicy}). A {@link LiveModule} reports it as the cause of a {@link
 * LoadException} with reason {@link LoadException.Reason#STATE_REFUSED}, or in its {@link
 * ReloadEvent.Reloaded} when the new version started fresh.
 */
public final class StateHandOverException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the state was not handed over. */
  public enum Reason {
    /** The new version keeps no state; the old one's would be dropped. */
    NOT_KEPT,
    /**
     * The new version keeps another state type, or the same type with another shape (another
     * fingerprint), and has no {@code @MigratesState} method from the old version's state.
     */
    TYPE_CHANGED,
    /** Calls in flight in the old version did not finish within the drain timeout. */
    NOT_DRAINED,
    /** The old version's {@code saveState()} threw, returned null, or did not return in time. */
    SAVE_FAILED,
    /** The saved state holds an object of a module's class loader. */
    HOLDS_MODULE_OBJECT,
    /**
     * The new version's {@code restoreState} or migration threw or did not return in time: it
     * failed to start, and the old version keeps serving whatever the host chose.
     */
    RESTORE_FAILED
  }

  private final Reason reason;

  public StateHandOverException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the state was not handed over. */
  public Reason reason() {
    return reason;
  }
}
