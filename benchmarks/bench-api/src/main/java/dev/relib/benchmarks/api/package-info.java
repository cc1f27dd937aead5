/** The API shared by the benchmark host and the benchmarked module. */
package dev.relib.benchmarks.api;
