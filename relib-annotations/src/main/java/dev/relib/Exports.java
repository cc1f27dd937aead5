package dev.relib;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface of the shared API as something a module offers the host.
 *
 * <p>The annotation processor generates a <em>host-side bridge</em>, {@code <Name>_HostBridge}, in
 * the same package. The host never holds the module's object: it holds the bridge, which guards
 * every call (fails fast with {@code ModuleUnloadedException} after unload), copies returned values
 * that are not {@link Copy} and translates anything the module throws into a host-side {@code
 * ModuleException}.
 *
 * <p>The interface must be public, top-level or a static nested interface, and have no type
 * parameters. Each method must follow the boundary rules:
 *
 * <ul>
 *   <li>parameters are {@link Copy} types, {@link Borrowed}, or {@link Imports} interfaces
 *       (callbacks the host passes in; the module receives a revocable handle);
 *   <li>returns are {@code void}, {@link Copy} types, <em>clonable</em> types (arrays, {@code
 *       List}, {@code Set}, {@code Map}, {@code Optional}, records of those, API classes with a
 *       public copy constructor or a public {@code copy()} method), or {@code @Exports} interfaces
 *       (handles to module objects, revoked at unload);
 *   <li>methods have no type parameters. Default methods are bridged like the others.
 * </ul>
 *
 * <p>Copies are deep. A returned {@code List}, {@code Set} or {@code Map} arrives as an
 * unmodifiable copy in the source's iteration order; it must hold no {@code null} element, key or
 * value (the call fails with a {@code NullPointerException} naming the type), while a null
 * collection stays null. Records are rebuilt through their canonical constructor, arrays are copied
 * into their declared type.
 *
 * <p>Anything else is a compile error on the offending element, naming the rule and the fix.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Exports {}
