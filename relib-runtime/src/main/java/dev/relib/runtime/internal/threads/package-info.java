/**
 * Threads and a module: the drain of calls in flight, the check for threads still running module
 * code (virtual ones included), and the runtime's own daemon threads.
 *
 * <p>Internal to relib-runtime, not API: it may change in any release. It uses, of {@code
 * dev.relib.runtime}, only the types of reports, options and exceptions, and only the layers below
 * it (jdk, load, threads, leaks, heap, in that order); {@code LayeringTest} checks it.
 */
package dev.relib.runtime.internal.threads;
