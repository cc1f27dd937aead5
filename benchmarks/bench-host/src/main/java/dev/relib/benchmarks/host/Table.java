package dev.relib.benchmarks.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table, printed as the benchmarks go and pasted into BENCHMARKS.md as it is. */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row; each cell is printed with {@link String#valueOf(Object)}. */
  public Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  /** {@code value} with the given number of decimals, in the root locale. */
  public static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** {@code value / base} as {@code "1.23×"}. */
  public static String ratio(double value, double base) {
    return String.format(Locale.ROOT, "%.2f×", value / base);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    line(out, header);
    List<String> rule = new ArrayList<>();
    header.forEach(h -> rule.add("---"));
    line(out, rule);
    rows.forEach(row -> line(out, row));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
