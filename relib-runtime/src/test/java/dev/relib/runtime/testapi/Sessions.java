package dev.relib.runtime.testapi;

import dev.relib.Exports;

/** Hands out handles: each {@link Session} is a module object the host reaches through a bridge. */
@Exports
public interface Sessions {
  Session open(String name);

  /** A handle: an {@code @Exports} interface returned by an {@code @Exports} method. */
  @Exports
  interface Session {
    String name();
  }
}
