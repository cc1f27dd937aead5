/**
 * The cleaners of what a module leaves in the JDK and in host threads after its calls:
 * thread-locals, JDBC drivers, MBeans, shutdown hooks, timers, pool workers, caches; and the host
 * defaults they restore.
 *
 * <p>Internal to relib-runtime, not API: it may change in any release. It uses, of {@code
 * dev.relib.runtime}, only the types of reports, options and exceptions, and only the layers below
 * it (jdk, load, threads, leaks, heap, in that order); {@code LayeringTest} checks it.
 */
package dev.relib.runtime.internal.leaks;
