package dev.relib.samples.greeter;

import dev.relib.Imports;

/** What the host offers a greeter module: a place to write what it does. */
@Imports
public interface HostLog {
  void info(String message);
}
