package dev.relib.runtime.testapi;

import dev.relib.Imports;

/** What the test host offers its modules. */
@Imports
public interface HostLog {
  void info(String message);
}
