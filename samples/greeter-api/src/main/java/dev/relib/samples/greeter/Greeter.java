package dev.relib.samples.greeter;

import dev.relib.Exports;
import java.util.List;

/** What a greeter module offers the host. */
@Exports
public interface Greeter {
  /** A greeting for {@code name}. */
  Greeting greet(String name);

  /** Everyone this module instance has greeted, oldest first. */
  List<String> greeted();
}
