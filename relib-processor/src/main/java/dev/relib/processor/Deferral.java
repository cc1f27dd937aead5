package dev.relib.processor;

/**
 * Thrown by validation when a type it needs is not resolvable yet (it may be generated in a later
 * round): the element is validated again in the next round, and reported only if the type is still
 * missing when processing is over.
 */
final class Deferral extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String missingType;

  Deferral(String missingType) {
    // Control flow, not a failure: no stack trace to fill.
    super(missingType, null, false, false);
    this.missingType = missingType;
  }

  /** The unresolved type as the compiler prints it. */
  String missingType() {
    return missingType;
  }
}
