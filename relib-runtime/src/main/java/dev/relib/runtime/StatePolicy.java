package dev.relib.runtime;

/**
 * What a live module does when a new version loaded but the old version's state cannot be handed to
 * it ({@link StateHandOverException}), set with {@link ModuleBuilder#statePolicy(StatePolicy)}. A
 * new version whose {@code restoreState} or migration throws never serves: the old version keeps
 * serving with its state, whatever the policy.
 */
public enum StatePolicy {
  /**
   * The reload fails ({@link ReloadEvent.Failed}, reason {@link
   * LoadException.Reason#STATE_REFUSED}) and the old version keeps serving with its state: nothing
   * is lost. The default.
   */
  KEEP_OLD_VERSION,
  /**
   * The new version serves without the state, from its constructor, and the old version is
   * unloaded; {@link ReloadEvent.Reloaded#state()} says {@link
   * ReloadEvent.StateOutcome#STARTED_FRESH} and why.
   */
  START_FRESH
}
