package dev.relib.benchmarks.host.lifecycle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a part of the harness produced: Markdown for the report, and the numbers the targets are
 * judged on. A child JVM prints both on its standard output; the parent reads them back.
 */
final class Results {
  private static final String KEY = "@@";

  final StringBuilder markdown = new StringBuilder();
  final Map<String, Double> numbers = new LinkedHashMap<>();

  Results text(Object text) {
    markdown.append(text);
    return this;
  }

  Results line(Object text) {
    markdown.append(text).append('\n');
    return this;
  }

  void put(String key, double value) {
    numbers.put(key, value);
  }

  double get(String key) {
    return numbers.getOrDefault(key, Double.NaN);
  }

  void addAll(Results other) {
    markdown.append(other.markdown);
    numbers.putAll(other.numbers);
  }

  /** For a child JVM: the Markdown as it is, then one line per number. */
  String serialize() {
    StringBuilder out = new StringBuilder(markdown);
    numbers.forEach((k, v) -> out.append(KEY).append(k).append('=').append(v).append('\n'));
    return out.toString();
  }

  /** Reads what {@link #serialize()} printed (lines of other output pass as Markdown). */
  void parseLine(String line) {
    if (line.startsWith(KEY)) {
      int eq = line.indexOf('=');
      numbers.put(line.substring(KEY.length(), eq), Double.parseDouble(line.substring(eq + 1)));
    } else {
      markdown.append(line).append('\n');
    }
  }
}
