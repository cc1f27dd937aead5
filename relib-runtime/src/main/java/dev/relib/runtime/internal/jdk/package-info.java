/**
 * Access to the JDK's internals and HotSpot's diagnostic MXBean: the flags that open them, and
 * every call of the MXBean.
 *
 * <p>Internal to relib-runtime, not API: it may change in any release. It uses, of {@code
 * dev.relib.runtime}, only the types of reports, options and exceptions, and only the layers below
 * it (jdk, load, threads, leaks, heap, in that order); {@code LayeringTest} checks it.
 */
package dev.relib.runtime.internal.jdk;
