/**
 * relib's runtime: loads a module into its own class loader, calls it through the bridges that
 * relib-processor generated, unloads it and proves that its class loader was collected.
 *
 * <p>A host starts with {@link dev.relib.runtime.Relib}: {@code relib.module(Exports.class)} gives
 * a {@link dev.relib.runtime.ModuleBuilder}, whose {@code load(path)} returns a {@link
 * dev.relib.runtime.LoadedModule}. {@link dev.relib.runtime.LoadedModule#unload()} returns an
 * {@link dev.relib.runtime.UnloadReport}. Everything else in this package is internal.
 */
package dev.relib.runtime;
