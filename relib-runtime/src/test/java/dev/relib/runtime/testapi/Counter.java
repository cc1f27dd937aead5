package dev.relib.runtime.testapi;

import dev.relib.Exports;

/** A second exports interface, for a module loaded as the wrong one. */
@Exports
public interface Counter {
  int next();
}
