package dev.relib.samples.greeter;

import dev.relib.Exports;
import java.util.List;

/** What a greeter module offers the host. */
@Exports
public interface Greeter {
  /** A greeting for {@code name}. */
  Greeting greet(String name);

  /** The last names greeted (at most ten), oldest first. */
  List<String> greeted();

  /** How many greetings the module made: across reloads too, as each version hands it on. */
  long count();
}
