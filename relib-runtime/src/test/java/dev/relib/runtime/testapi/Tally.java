package dev.relib.runtime.testapi;

import dev.relib.Exports;
import java.util.List;
import java.util.Map;

/** Counts what its callers add, for the state kept across reloads. */
@Exports
public interface Tally {
  /** Counts one more for {@code name}; returns the total so far. */
  long add(String name);

  /** The total. */
  long total();

  /** The count per name. */
  Map<String, Long> perName();

  /** The last names added, the oldest first, at most ten. */
  List<String> recent();

  /** The version of the module that serves. */
  int version();
}
