/** The benchmark host: what loads the module each way, and the benchmarks that compare them. */
package dev.relib.benchmarks.host;
