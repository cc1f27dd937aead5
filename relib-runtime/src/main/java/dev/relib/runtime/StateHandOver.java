package dev.relib.runtime;

import dev.relib.bridge.Fingerprint;
import dev.relib.runtime.StateHandOverException.Reason;
import dev.relib.runtime.internal.load.StateCheck;
import dev.relib.runtime.internal.threads.CallPause;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands the state of a module's old version to its new one ({@code dev.relib.KeepsState}): first
 * {@link #plan} decides from the two stubs' declarations whether and how, without running module
 * code; then, with the calls into the old version paused, {@link #transfer} waits for the calls in
 * flight, saves, proves the saved state free of module objects, and restores. {@link #hand} is that
 * sequence, for a {@link LiveModule} at a reload and for {@link LoadedModule#handOverTo}.
 */
final class StateHandOver {
  /** How the state passes. */
  enum Kind {
    /** The old version keeps no state: the new one starts from its constructor. */
    NONE,
    /** The same state type and shape: restored as it is. */
    KEEP,
    /** An earlier state type the new version migrates from. */
    MIGRATE
  }

  /**
   * What a hand-over did: how the state passed, or why it did not, and the pause holding the calls
   * into the old version while it passed (null if they were not paused). The caller points the
   * bridge where those calls go now, then {@linkplain #release releases} them.
   *
   * @param kind how the state passed; null when the plan refused it
   * @param refused why the state did not pass; null when it did
   */
  record Outcome(Kind kind, StateHandOverException refused, CallPause pause) {
    /** Lets the parked calls go on, to wherever the bridge points now. */
    void release() {
      if (pause != null) {
        pause.release();
      }
    }

    /**
     * Whether a refusal keeps the old version serving: a failed restore always does, another
     * refusal as the host chose with {@code policy}; otherwise the new version starts fresh.
     */
    boolean keepsOld(StatePolicy policy) {
      return refused != null
          && (refused.reason() == Reason.RESTORE_FAILED || policy == StatePolicy.KEEP_OLD_VERSION);
    }

    /** What the hand-over did to the state, as a reload reports it. */
    ReloadEvent.StateOutcome reported() {
      if (refused != null) {
        return ReloadEvent.StateOutcome.STARTED_FRESH;
      }
      return switch (kind) {
        case NONE -> ReloadEvent.StateOutcome.NONE;
        case KEEP -> ReloadEvent.StateOutcome.KEPT;
        case MIGRATE -> ReloadEvent.StateOutcome.MIGRATED;
      };
    }
  }

  private StateHandOver() {}

  /**
   * Hands the state of {@code from} to {@code to}: {@linkplain #plan plans}, then, unless no state
   * passes, parks the calls through {@code bridge} ({@code point} aims it at the pause) and
   * {@linkplain #transfer transfers}. A refusal comes back in the outcome, the calls still parked;
   * any other failure aims the bridge at {@code serving} again and lets the calls go on before it
   * propagates.
   *
   * @param exportsType the interface {@code bridge} implements
   * @param point aims {@code bridge} at a target
   * @param serving what {@code bridge} calls now, the old version
   */
  static Outcome hand(
      String module,
      LoadedModule<?> from,
      LoadedModule<?> to,
      UnloadOptions options,
      Class<?> exportsType,
      Object bridge,
      Consumer<Object> point,
      Object serving) {
    Kind kind;
    try {
      kind = plan(module, from.keptState(), to.keptState());
    } catch (StateHandOverException e) {
      return new Outcome(null, e, null);
    }
    if (kind == Kind.NONE) {
      return new Outcome(kind, null, null);
    }
    CallPause pause = CallPause.of(exportsType, bridge);
    point.accept(pause.proxy());
    try {
      transfer(from, to, options);
      return new Outcome(kind, null, pause);
    } catch (StateHandOverException e) {
      return new Outcome(kind, e, pause);
    } catch (RuntimeException | Error e) {
      point.accept(serving);
      pause.release();
      throw e;
    }
  }

  /**
   * @throws StateHandOverException NOT_KEPT or TYPE_CHANGED
   */
  static Kind plan(String module, KeptState from, KeptState to) {
    if (from == null) {
      return Kind.NONE;
    }
    if (to == null) {
      throw new StateHandOverException(
          Reason.NOT_KEPT,
          "the new version of module '"
              + module
              + "' keeps no state, and the old one's "
              + from.type().getSimpleName()
              + " would be lost: implement KeepsState<"
              + from.type().getSimpleName()
              + "> in the new version, or choose StatePolicy.START_FRESH",
          null);
    }
    String hash = from.fingerprint().hash();
    if (from.type() == to.type() && hash.equals(to.fingerprint().hash())) {
      return Kind.KEEP;
    }
    for (Fingerprint migration : to.migrations()) {
      if (migration.type().equals(from.type().getCanonicalName())
          && migration.hash().equals(hash)) {
        return Kind.MIGRATE;
      }
    }
    throw new StateHandOverException(
        Reason.TYPE_CHANGED,
        "the old version of module '"
            + module
            + "' saves a "
            + from.type().getName()
            + " ("
            + hash
            + "), which the new version neither keeps (it keeps "
            + describe(to.fingerprint())
            + ") nor migrates from"
            + differences(from.fingerprint(), to)
            + ": add a @MigratesState method taking "
            + from.type().getSimpleName()
            + " as the old version was built, or choose StatePolicy.START_FRESH",
        null);
  }

  /**
   * Moves the state, the old version's calls paused: nothing it holds is changed, so that it can
   * keep serving when this throws.
   *
   * @throws StateHandOverException NOT_DRAINED, SAVE_FAILED, HOLDS_MODULE_OBJECT or RESTORE_FAILED
   */
  static void transfer(LoadedModule<?> from, LoadedModule<?> to, UnloadOptions options) {
    Object state = from.saveState(options);
    String smuggled = StateCheck.moduleObjectIn(state);
    if (smuggled != null) {
      throw new StateHandOverException(
          Reason.HOLDS_MODULE_OBJECT,
          "the state module '"
              + from.name()
              + "' saved holds an object of a module: "
              + smuggled
              + "; the next version would keep the old one's class loader alive. Keep only the"
              + " API's types in the state",
          null);
    }
    to.restoreState(state, options);
  }

  private static String describe(Fingerprint fingerprint) {
    return fingerprint.type() + " (" + fingerprint.hash() + ")";
  }

  /** The lines that differ when the state type kept its name but changed its shape. */
  private static String differences(Fingerprint from, KeptState to) {
    Fingerprint same =
        from.type().equals(to.fingerprint().type())
            ? to.fingerprint()
            : to.migrations().stream()
                .filter(migration -> migration.type().equals(from.type()))
                .findFirst()
                .orElse(null);
    if (same == null) {
      return "";
    }
    List<String> removed = new ArrayList<>(from.lines());
    removed.removeAll(same.lines());
    List<String> added = new ArrayList<>(same.lines());
    added.removeAll(from.lines());
    return "; the old version's "
        + from.type()
        + " has "
        + (removed.isEmpty() ? "nothing the new one lacks" : String.join(", ", removed))
        + ", the new version's has "
        + (added.isEmpty() ? "nothing more" : String.join(", ", added));
  }
}
