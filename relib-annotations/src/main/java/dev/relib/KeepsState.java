package dev.relib;

/**
 * Implemented by a {@link Module} class whose state survives a reload: the version being replaced
 * hands its state to the version replacing it.
 *
 * <p>{@code S} is a record or {@code @Copy} class of the shared API, checked by the processor like
 * a value an {@code @Exports} method returns: Copy components, or lists, sets, maps, arrays, {@code
 * Optional}s and records of them, which cross as deep copies; never an {@code @Exports} or
 * {@code @Imports} interface. The state is fingerprinted: a version whose state type has another
 * shape is handed the state only through a {@link MigratesState} method.
 *
 * <p>On a reload, the runtime loads and constructs the new version, pauses new calls, waits for the
 * calls in flight in the old version to finish, calls {@link #saveState()} on the old version,
 * copies the result, proves that nothing in the copy is an object of a module's class loader, and
 * calls {@link #restoreState} on the new version before it serves its first call. Only then is the
 * old version unloaded (its {@code @BeforeUnload} runs after it saved its state). If the new
 * version cannot take the state (it throws, or the state type changed and it has no migration), the
 * old version keeps serving with its state untouched, or the new version starts fresh, as the host
 * chose.
 *
 * <pre>{@code
 * public record CounterState(long count, List<String> names) {}   // in the API
 *
 * @Module
 * public final class CounterModule implements Counter, KeepsState<CounterState> {
 *   private long count;
 *   private final List<String> names = new ArrayList<>();
 *
 *   public CounterState saveState() {
 *     return new CounterState(count, names);        // copied by the stub
 *   }
 *
 *   public void restoreState(CounterState state) {
 *     count = state.count();
 *     names.addAll(state.names());
 *   }
 * }
 * }</pre>
 *
 * @param <S> the state type
 */
public interface KeepsState<S> {
  /**
   * The state to hand to the next version. Called once, on a runtime thread, after the calls in
   * flight have finished and before {@code @BeforeUnload}; no call of the module runs meanwhile.
   */
  S saveState();

  /**
   * Receives the state the previous version handed over. Called once, on a runtime thread, after
   * the constructor and before the first call; not called when there is no state to receive (the
   * first version, or a hand-over refused with the host's choice to start fresh).
   */
  void restoreState(S state);
}
