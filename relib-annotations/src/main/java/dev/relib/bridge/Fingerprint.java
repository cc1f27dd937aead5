package dev.relib.bridge;

import java.util.List;
import java.util.Objects;

/**
 * The canonical description of a shared interface as one side was compiled against it.
 *
 * <p>{@code text} holds one line per member, sorted, each prefixed by its type's name: the methods
 * of the interface and of every interface it reaches (full parameter types, {@code @Borrowed}
 * marked, and return type), the components of every API record, the fields of every {@code @Copy}
 * class, the constants of every enum, and the copy constructor or {@code copy()} method of every
 * copied class. Two sides agree when their hashes are equal; when they are not, the lines that
 * differ name what changed.
 *
 * @param type the interface's canonical name
 * @param hash a hash of {@code text} (hex, 16 digits of SHA-256)
 * @param text the canonical lines, separated by {@code '\n'}
 * @param apiTypes the binary names of the API types the interface reaches (its own name included):
 *     the classes a module must resolve from the shared API rather than from its own jar
 */
public record Fingerprint(String type, String hash, String text, List<String> apiTypes) {
  public Fingerprint {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(text, "text");
    apiTypes = List.copyOf(apiTypes);
  }

  /** The canonical lines of {@link #text()}. */
  public List<String> lines() {
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
