/** The benchmarked module, packaged both as a relib module and as a PF4J plugin. */
package dev.relib.benchmarks.module;
