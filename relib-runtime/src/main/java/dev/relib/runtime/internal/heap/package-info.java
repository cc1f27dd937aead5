/**
 * The proof that a closed module's loader was collected, and when it was not, the heap dump, the
 * holder path read from it, and the cures for paths the runtime can safely undo.
 *
 * <p>Internal to relib-runtime, not API: it may change in any release. It uses, of {@code
 * dev.relib.runtime}, only the types of reports, options and exceptions, and only the layers below
 * it (jdk, load, threads, leaks, heap, in that order); {@code LayeringTest} checks it.
 */
package dev.relib.runtime.internal.heap;
