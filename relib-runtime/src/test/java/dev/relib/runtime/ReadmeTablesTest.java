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
 * as a test method, in the project's test sources.
 */
class ReadmeTablesTest {
  private static final Pattern NAMED = Pattern.compile("`([A-Z]\\w*Test)?(?:#(\\w+))?`");
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
