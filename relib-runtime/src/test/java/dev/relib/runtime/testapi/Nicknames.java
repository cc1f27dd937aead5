package dev.relib.runtime.testapi;

import dev.relib.Copy;
import dev.relib.Exports;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Returns Optionals of a Copy type, which the host-side bridge checks rather than copies, and
 * collections of Copy values, which it copies.
 */
@Exports
public interface Nicknames {
  Optional<String> nickname();

  Tag tag();

  Card card();

  List<String> aliases();

  Set<Integer> lucky();

  Map<String, Integer> scores();

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
