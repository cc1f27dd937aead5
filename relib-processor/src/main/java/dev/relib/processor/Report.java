package dev.relib.processor;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * The errors a validator found about one subject. Validators fill a report and never print or
 * write; the processor prints every report and generates code only from a clean one.
 */
final class Report {
  /** One error, on the most precise element the user can open. */
  record Error(Element element, String message) {}

  private final List<Error> errors = new ArrayList<>();

  void error(Element element, Messages message, Object... args) {
    errors.add(new Error(element, message.format(args)));
  }

  boolean isClean() {
    return errors.isEmpty();
  }

  List<Error> errors() {
    return List.copyOf(errors);
  }
}
