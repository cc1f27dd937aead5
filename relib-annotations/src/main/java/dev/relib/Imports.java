package dev.relib;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface of the shared API as something the host offers a module.
 *
 * <p>The host implements it and hands the implementation to the runtime ({@code provide(...)}); a
 * {@link Module} receives it through its constructor. The annotation processor generates a
 * <em>module-side bridge</em>, {@code <Name>_ModuleBridge}, that the module actually holds: it is
 * revoked when the module is unloaded, so a module thread left behind cannot call the host after
 * unload, and it copies the host's returned values that are not {@link Copy}.
 *
 * <p>The rules of {@link Exports} apply with the sides swapped: callbacks a module passes to the
 * host are {@code @Exports} interfaces, and handles the host returns are {@code @Imports}
 * interfaces. An interface may carry both annotations.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Imports {}
