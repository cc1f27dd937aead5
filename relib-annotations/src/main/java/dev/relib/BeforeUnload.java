package dev.relib;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link Module} class that the runtime calls once before the module is
 * unloaded, after calls in flight have drained.
 *
 * <p>This is where a module releases what the garbage collector cannot: it stops and joins the
 * threads it started, shuts down its executors, cancels its timers, closes files, sockets and
 * native resources, removes the thread-locals it set, and deregisters anything it registered in
 * process-wide places (JDBC drivers, logging handlers, MBeans, shutdown hooks). The runtime detects
 * and reports what is left, and clears what it safely can, but a module that cleans up after itself
 * unloads faster and with an empty report.
 *
 * <p>The method takes no parameters, returns {@code void}, is not static and not private. A module
 * has at most one. If it throws, or does not return within the unload's bound, the unload goes on
 * and the report says so.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BeforeUnload {}
