package dev.relib.runtime.testapi;

import dev.relib.Exports;
import java.util.Optional;

/** Returns Optionals of a Copy type, which the host-side bridge checks rather than copies. */
@Exports
public interface Nicknames {
  Optional<String> nickname();

  Tag tag();

  /** A record of Copy components, one an Optional. */
  record Tag(String name, Optional<String> note) {}
}
