package dev.relib.runtime.testapi;

import dev.relib.Exports;
import java.util.List;

/** The API the runtime's test modules implement. */
@Exports
public interface Greeter {
  String greet(String name);

  /** Runs a test-specific action inside the module and says what it found. */
  String run(String command);

  /** Sleeps inside the module: a call in flight for as long as the test wants. */
  int pause(int millis);

  /** A list the host-side bridge copies: a call that spends its time in the bridge. */
  List<String> names(int count);
}
