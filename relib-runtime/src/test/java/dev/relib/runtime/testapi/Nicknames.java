package dev.relib.runtime.testapi;

import dev.relib.Copy;
import dev.relib.Exports;
import java.util.Optional;

/** Returns Optionals of a Copy type, which the host-side bridge checks rather than copies. */
@Exports
public interface Nicknames {
  Optional<String> nickname();

  Tag tag();

  Card card();

  /** A record of Copy components, one an Optional. */
  record Tag(String name, Optional<String> note) {}

  /** A {@code @Copy} class whose Optional field the bridge reads through its accessor. */
  @Copy
  final class Card {
    private final String name;
    private final Optional<String> note;

    public Card(String name, Optional<String> note) {
      this.name = name;
      this.note = note;
    }

    public String name() {
      return name;
    }

    public Optional<String> note() {
      return note;
    }
  }
}
