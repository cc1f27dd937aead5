/**
 * The annotations of a relib API: {@link dev.relib.Exports} and {@link dev.relib.Imports} on the
 * shared interfaces, {@link dev.relib.Module} and {@link dev.relib.BeforeUnload} in a module,
 * {@link dev.relib.Copy} and {@link dev.relib.Borrowed} for the boundary's type rules.
 */
package dev.relib;
