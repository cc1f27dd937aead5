package dev.relib.bridge;

/**
 * The host's implementations of the {@code @Imports} interfaces, as a module stub asks for them
 * when it constructs the module.
 *
 * <p>Part of the contract between generated code and the runtime; not meant for direct use.
 */
@FunctionalInterface
public interface ProvidedImports {
  /** The host's implementation of {@code type}; never null (the runtime checks before). */
  <T> T get(Class<T> type);
}
