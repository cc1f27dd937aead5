package dev.relib.benchmarks.api;

import dev.relib.Exports;
import java.util.List;

/** What the benchmarked module offers: calls of known cost, and returns of each kind the bridge copies. */
@Exports
public interface Work {
  /** Returns its argument plus one: the cheapest call there is, so that the bridge is what is timed. */
  int trivial(int x);

  /** About 100 ns of arithmetic on {@code seed} (on the machine the benchmarks were written on). */
  long work(long seed);

  /** Ten strings in a fresh list, which the bridge copies. */
  List<String> names();

  /** A record of five immutable fields: a Copy type, which crosses without a copy. */
  Person person();

  /** A record holding a list, which the bridge rebuilds with a copy of the list. */
  Team team();
}
