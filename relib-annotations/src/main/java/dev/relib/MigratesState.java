package dev.relib;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link KeepsState} module that turns the state of an earlier version, of
 * another state type, into this version's state: {@code S migrate(OldState old)}.
 *
 * <p>The parameter's type is the earlier state type, a record or {@code @Copy} class of the shared
 * API like {@code S}; the method returns {@code S}, is declared in the module class, and is neither
 * private nor static. The runtime calls it when the version being replaced saved a state of that
 * type, with the shape (fingerprint) this module was compiled against, then hands the result to
 * {@link KeepsState#restoreState}. A module has at most one migration per earlier state type.
 *
 * <pre>{@code
 * @MigratesState
 * CounterStateV2 migrate(CounterState old) {
 *   return new CounterStateV2(old.count(), old.names(), Map.of());
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MigratesState {}
