/**
 * relib's annotation processor.
 *
 * <p>{@link dev.relib.processor.RelibProcessor} is the only public type. Inside, each annotated
 * type goes through three stages that never mix: a validator ({@code ApiValidator}, {@code
 * ModuleValidator}) checks it against the boundary's type rules ({@code TypeRules}) and returns a
 * report of errors, each a text of the {@code Messages} catalogue on the most precise element; from
 * a clean report it builds an immutable model ({@code ApiModel}, {@code ModuleModel}); a writer
 * ({@code BridgeWriter}, {@code ModuleStubWriter}) turns the model into code with JavaPoet, through
 * {@code GeneratedCode}, which adds what every generated file carries. Only the processor prints
 * and writes.
 *
 * <h2>What a copy is</h2>
 *
 * <p>A bridge copies every returned value that is not Copy, so that the receiver never holds an
 * object of the other side. The copies follow one contract:
 *
 * <ul>
 *   <li>{@code List}, {@code Set} and {@code Map} copies are unmodifiable views of a fresh {@code
 *       ArrayList}, {@code LinkedHashSet} or {@code LinkedHashMap} that nothing else references,
 *       filled in one pass: immutable in effect, and in the source's iteration order (a {@code
 *       TreeSet}'s sorted order, a {@code LinkedHashMap}'s insertion order, a {@code HashSet}'s
 *       arbitrary order as it was). Mutators throw {@code UnsupportedOperationException}; {@code
 *       contains(null)} answers {@code false} on all three.
 *   <li>They hold no nulls, like {@code List.of} and its kin: a null element, key or value fails
 *       the call with a {@code NullPointerException} naming the returned type, e.g. {@code "a
 *       returned Map<String, Point> holds a null value"}. On the host side it reaches the caller
 *       translated, like anything else the module's code throws.
 *   <li>A null collection, optional, array, record or copyable object stays null; an empty {@code
 *       Optional} stays empty; arrays keep their null slots; records keep their null components.
 *   <li>Elements, keys, values, array slots, optional values and record components are copied the
 *       same way, recursively. A handle among them (an interface of the bridge's own side, such as
 *       the {@code Session} of a {@code List<Session>}) is wrapped in its bridge, which the
 *       module's unload revokes like any other.
 * </ul>
 *
 * <p>Only {@code javax.lang.model} and {@code javax.annotation.processing} are used, so the
 * processor runs under javac and under Eclipse's compiler alike.
 */
package dev.relib.processor;
