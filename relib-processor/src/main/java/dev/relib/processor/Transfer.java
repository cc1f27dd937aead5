package dev.relib.processor;

import com.palantir.javapoet.ClassName;

/** How a bridge passes one value (a parameter or a return value) to the other side. */
sealed interface Transfer {
  /** The value crosses as it is: a Copy type, or a borrowed parameter. */
  record AsIs() implements Transfer {}

  /** The value is copied by the bridge's helper method of this name. */
  record Copied(String helper) implements Transfer {}

  /** The value is an interface object of one side, wrapped in its bridge of this name. */
  record Wrapped(ClassName bridge) implements Transfer {}

  Transfer AS_IS = new AsIs();
}
