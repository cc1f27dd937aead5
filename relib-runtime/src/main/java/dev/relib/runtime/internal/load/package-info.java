/**
 * Reading a module into memory (jar, classes directory, plugin folder or zip, within size bounds)
 * and the class loader that serves it as a {@code URLClassLoader} would, and what its bytes say it
 * reads (the context class loader, leak-prone JDK APIs).
 *
 * <p>Internal to relib-runtime, not API: it may change in any release. It uses, of {@code
 * dev.relib.runtime}, only the types of reports, options and exceptions, and only the layers below
 * it (jdk, load, threads, leaks, heap, in that order); {@code LayeringTest} checks it.
 */
package dev.relib.runtime.internal.load;
