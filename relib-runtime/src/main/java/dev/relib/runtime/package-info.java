/**
 * relib's runtime: loads a module into its own class loader, calls it through the bridges that
 * relib-processor generated, unloads it and proves that its class loader was collected.
 *
 * <p>A host starts with {@link dev.relib.runtime.Relib}: {@code relib.module(Exports.class)} gives
 * a {@link dev.relib.runtime.ModuleBuilder}, whose {@code load(path)} returns a {@link
 * dev.relib.runtime.LoadedModule}. {@link dev.relib.runtime.LoadedModule#unload()} returns an
 * {@link dev.relib.runtime.UnloadReport}. Everything else in this package is internal: the
 * orchestration, which runs an unload's steps in order ({@code Unloader}) and a live module's
 * reloads. The subsystems it drives live in packages of their own under {@code
 * dev.relib.runtime.internal}, each using only those below it: {@code jdk} (JDK internals and
 * HotSpot's MXBean), {@code load} (reading a module, its class loader), {@code threads} (the drain,
 * the thread check, the runtime's daemons), {@code leaks} (the cleaners) and {@code heap} (the
 * proof of collection, heap dumps, holder paths).
 */
package dev.relib.runtime;
