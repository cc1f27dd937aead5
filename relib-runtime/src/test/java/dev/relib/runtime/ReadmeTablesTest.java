package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md's tables name the tests that show each claim ({@code UnloadTest#method}, or {@code
 * #method} for another method of the class named before it in the row): every one must exist,
 * as a test method, in the project's test sources. A test whose comment names a row of the leak
 * table ("Row 7", "Rows 16 and 25") must be one that row names, so that the comments follow the
 * table's numbering.
 */
class ReadmeTablesTest {
  private static final Pattern NAMED = Pattern.compile("`([A-Z]\\w*Test)?(?:#(\\w+))?`");
  private static final Pattern LEAK_ROW = Pattern.compile("^\\| (\\d+) \\|");
  // A javadoc naming rows, and the first declaration after it.
  private static final Pattern ROW_COMMENT =
      Pattern.compile(
          "/\\*\\*((?:(?!\\*/).)*?\\bRows? (\\d+(?:(?:, | and )\\d+)*)\\b(?:(?!\\*/).)*)\\*/"
              + "((?:\\s*@\\w+(?:\\([^)]*\\))?)*)\\s*[^;{]*?"
              + "(?:void (\\w+)\\(|(?:class|record|interface|enum) (\\w+))",
          Pattern.DOTALL);
  private static final Pattern TEST_ANNOTATION =
      Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory)\\b");

  private final Map<String, Optional<String>> sources = new HashMap<>();

  @Test
  void everyTestTheTablesNameExists() throws IOException {
    Path project = Path.of("").toAbsolutePath().getParent();
    List<String> lines = Files.readAllLines(project.resolve("README.md"));
    List<String> missing = new ArrayList<>();
    int named = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("| ")) {
        continue;
      }
      String className = null;
      Matcher matcher = NAMED.matcher(line);
      while (matcher.find()) {
        if (matcher.group(1) == null && matcher.group(2) == null) {
          continue;
        }
        if (matcher.group(1) != null) {
          className = matcher.group(1);
        }
        String where = "README.md:" + (i + 1) + ": " + matcher.group();
        if (className == null) {
          missing.add(where + " names a method before any class");
          continue;
        }
        named++;
        Optional<String> source = source(project, className);
        if (source.isEmpty()) {
          missing.add(where + ": no test class " + className);
        } else if (matcher.group(2) != null && !hasTest(source.get(), matcher.group(2))) {
          missing.add(where + ": " + className + " has no test method " + matcher.group(2));
        }
      }
    }
    assertTrue(named > 50, "the tables name " + named + " tests: was README's format changed?");
    assertEquals(List.of(), missing, String.join("\n", missing));
  }

  @Test
  void rowsTheTestCommentsNameAreTheRowsThatNameThem() throws IOException {
    Path project = Path.of("").toAbsolutePath().getParent();
    Map<Integer, List<String>> rows = new HashMap<>();
    for (String line : Files.readAllLines(project.resolve("README.md"))) {
      Matcher row = LEAK_ROW.matcher(line);
      if (row.find()) {
        rows.put(Integer.valueOf(row.group(1)), named(line));
      }
    }
    assertTrue(rows.size() > 25, "the leak table has " + rows.size() + " rows: was it moved?");
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    List<Path> tests;
    try (Stream<Path> walk = Files.walk(project)) {
      tests =
          walk.filter(path -> path.toString().contains("/src/test/java/"))
              .filter(path -> path.toString().endsWith("Test.java"))
              .sorted()
              .toList();
    }
    for (Path test : tests) {
      String className = test.getFileName().toString().replace(".java", "");
      Matcher comment = ROW_COMMENT.matcher(Files.readString(test));
      while (comment.find()) {
        String method = comment.group(4);
        boolean isTest = method != null && TEST_ANNOTATION.matcher(comment.group(3)).find();
        for (String number : comment.group(2).split(", | and ")) {
          checked++;
          List<String> shownBy = rows.get(Integer.valueOf(number));
          String where = className + "." + (method != null ? method : comment.group(5));
          if (shownBy == null) {
            wrong.add(where + " names row " + number + ", which README's leak table has not");
          } else if (isTest && !shownBy.contains(className + "#" + method)) {
            wrong.add(
                where
                    + " names row "
                    + number
                    + ", which names "
                    + shownBy
                    + " but not "
                    + className
                    + "#"
                    + method);
          }
        }
      }
    }
    assertTrue(checked > 5, "only " + checked + " row comments found: was their form changed?");
    assertEquals(List.of(), wrong, String.join("\n", wrong));
  }

  /** The tests a table row names, each as {@code Class#method} (or {@code Class} alone). */
  private static List<String> named(String line) {
    List<String> names = new ArrayList<>();
    String className = null;
    Matcher matcher = NAMED.matcher(line);
    while (matcher.find()) {
      if (matcher.group(1) != null) {
        className = matcher.group(1);
      }
      if (className != null && (matcher.group(1) != null || matcher.group(2) != null)) {
        names.add(className + (matcher.group(2) == null ? "" : "#" + matcher.group(2)));
      }
    }
    return names;
  }

  /** The source of a test class, from any module's test sources. */
  private Optional<String> source(Path project, String className) throws IOException {
    Optional<String> known = sources.get(className);
    if (known != null) {
      return known;
    }
    Optional<String> found;
    try (Stream<Path> walk = Files.walk(project)) {
      found =
          walk.filter(path -> path.toString().contains("/src/test/java/"))
              .filter(path -> path.getFileName().toString().equals(className + ".java"))
              .findFirst()
              .map(
                  path -> {
                    try {
                      return Files.readString(path);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  });
    }
    sources.put(className, found);
    return found;
  }

  /** Whether {@code method} is declared in the source with a JUnit test annotation above it. */
  private static boolean hasTest(String source, String method) {
    Matcher declaration = Pattern.compile("\\bvoid " + method + "\\(").matcher(source);
    while (declaration.find()) {
      int from = Math.max(0, declaration.start() - 400);
      String before = source.substring(from, declaration.start());
      int lastBrace = Math.max(before.lastIndexOf('}'), before.lastIndexOf(';'));
      if (TEST_ANNOTATION.matcher(before.substring(lastBrace + 1)).find()) {
        return true;
      }
    }
    return false;
  }
}
