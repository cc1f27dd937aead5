package dev.relib.processor;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.relib.processor.ApiFuzzer.Defect;
import dev.relib.processor.ApiFuzzer.Input;
import dev.relib.processor.InMemoryJavac.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds the processor random APIs ({@link ApiFuzzer}), a few inputs per seed, and checks for each
 * seed that:
 *
 * <ol>
 *   <li>the processor never fails: nothing escapes javac, no {@code [RelibInternalError]};
 *   <li>an input without defects compiles without a single diagnostic, its generated code included,
 *       under {@code -Xlint:all,-processing -Werror}, and generates exactly its bridges and stubs;
 *       an input with defects gets only relib's errors, each on a line of one of its own files,
 *       with the tags its defects call for;
 *   <li>the same input generates byte-identical code twice (here: alone, and among other inputs).
 * </ol>
 *
 * <p>Inputs with defects are first compiled without the processor, so that their errors can only be
 * relib's; inputs without are compiled in full anyway. Seeds run by default: {@code 1..200};
 * another range with {@code -Drelib.fuzz.seeds=1000..5000}. A seed that once failed is kept in
 * {@link #keptSeeds()}, with what it caught, and each such bug also has a focused test ({@code
 * GeneratedNamesTest}, {@code ModuleHierarchyTest}). A kept seed writes the same input only as long
 * as the generator draws the same way: when a change to {@link ApiFuzzer} shifts its draws, pick
 * the kept seeds again, each one that fails on the processor as it was before its fix.
 */
class ProcessorFuzzTest {
  /** Inputs compiled together: javac's cost is mostly per compilation, not per input. */
  static final int INPUTS_PER_SEED = 5;

  private static final List<String> LINT = List.of("-Xlint:all,-processing");
  private static final Pattern TAG = Pattern.compile("^\\[(Relib[A-Za-z]+)\\] ");

  private static InMemoryJavac javac;

  @BeforeAll
  static void startCompiler() {
    javac = new InMemoryJavac();
  }

  @AfterAll
  static void closeCompiler() {
    javac.close();
  }

  static LongStream seeds() {
    String[] range = System.getProperty("relib.fuzz.seeds", "1..200").split("\\.\\.");
    return LongStream.rangeClosed(Long.parseLong(range[0]), Long.parseLong(range[1]));
  }

  /** Seeds that once failed, and what each caught; they stay fixed as the generator changes. */
  static Stream<Arguments> keptSeeds() {
    return Stream.of(
        arguments(201, "an interface's member type Fingerprint hid the bridge's Fingerprint"),
        arguments(202, "a class NullPointerException of the package hid java.lang's"),
        arguments(203, "a class Class of the package hid java.lang's in a module stub"),
        arguments(204, "an interface's member type Override hid the bridge's @Override"),
        arguments(235, "an interface constant 'context' made the bridge's field ambiguous"),
        arguments(269, "a module whose @Exports interface extends another one was refused"));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomApis(long seed) {
    check(seed);
  }

  @ParameterizedTest(name = "seed {0}: {1}")
  @MethodSource("keptSeeds")
  void keptSeeds(long seed, String caught) {
    check(seed);
  }

  static void check(long seed) {
    List<Input> inputs = new ApiFuzzer(seed).inputs(INPUTS_PER_SEED);
    Map<String, Input> byPackage = new LinkedHashMap<>();
    inputs.forEach(input -> byPackage.put(input.packageName, input));

    // Inputs with defects must still be Java, so that their only errors can be relib's. (Valid
    // inputs are compiled in full below.) Bytecode would add nothing: stop after flow analysis.
    List<Input> invalid =
        inputs.stream().filter(input -> !input.valid()).collect(Collectors.toList());
    Output plain =
        javac.compile(sources(invalid), List.of("-proc:none", "-XDshould-stop.ifNoError=FLOW"));
    List<String> notJava = messages(plain, Diagnostic.Kind.ERROR);
    if (!notJava.isEmpty()) {
      fail("seed " + seed + ": the generator wrote invalid Java: " + notJava + describe(invalid));
    }

    // Processing only: with errors javac would stop before attributing anything anyway.
    Output processed = javac.compile(sources(inputs), List.of("-proc:only"));
    assertNoFailure(seed, processed, inputs);
    Map<Input, List<Diagnostic<? extends JavaFileObject>>> errors = new LinkedHashMap<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : processed.diagnostics()) {
      if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
        Input input = locate(seed, diagnostic, byPackage, inputs);
        errors.computeIfAbsent(input, unused -> new ArrayList<>()).add(diagnostic);
      }
    }
    for (Input input : inputs) {
      checkErrors(seed, input, errors.getOrDefault(input, List.of()), processed);
    }

    List<Input> valid = inputs.stream().filter(Input::valid).collect(Collectors.toList());
    if (valid.isEmpty()) {
      return;
    }
    // Every error and lint warning comes from attribution and flow analysis; bytecode limits are
    // left to the tests that compile in full (SizeableApiTest, GoldenTest).
    Output strict =
        javac.compile(sources(valid), with(with(LINT, "-Werror"), "-XDshould-stop.ifNoError=FLOW"));
    assertNoFailure(seed, strict, valid);
    List<String> diagnostics = messages(strict, null);
    if (!diagnostics.isEmpty()) {
      fail(
          "seed "
              + seed
              + ": valid inputs did not compile cleanly: "
              + diagnostics
              + describe(valid)
              + "\n"
              + strict.generatedSources());
    }
    SortedMap<String, String> before = new TreeMap<>();
    for (Input input : valid) {
      before.putAll(generatedBy(input, processed.generatedSources()));
    }
    if (!before.equals(strict.generatedSources())) {
      fail(
          "seed "
              + seed
              + ": the same inputs generated different code: "
              + difference(before, strict.generatedSources()));
    }
  }

  private static void checkErrors(
      long seed, Input input, List<Diagnostic<? extends JavaFileObject>> errors, Output processed) {
    Set<String> tags = new TreeSet<>();
    for (Diagnostic<? extends JavaFileObject> error : errors) {
      tags.add(tag(error.getMessage(null)));
    }
    String where = "seed " + seed + ", " + input.packageName + ": ";
    if (input.valid()) {
      if (!errors.isEmpty()) {
        fail(where + "a valid input got errors " + messages(errors) + "\n" + input.describe());
      }
      Set<String> generated = generatedBy(input, processed.generatedSources()).keySet();
      if (!generated.equals(input.expectedSources)) {
        fail(
            where
                + "generated "
                + generated
                + ", expected "
                + input.expectedSources
                + "\n"
                + input.describe());
      }
      Set<String> resources = new TreeSet<>();
      for (String resource : processed.generatedResources().keySet()) {
        if (resource.startsWith("META-INF/relib/stubs/" + input.packageName + ".")) {
          resources.add(resource);
        }
      }
      if (!resources.equals(input.expectedResources)) {
        fail(where + "resources " + resources + ", expected " + input.expectedResources);
      }
      return;
    }
    Set<String> allowed = new TreeSet<>();
    input.defects.stream().map(Defect::all).forEach(allowed::addAll);
    if (errors.isEmpty() || !allowed.containsAll(tags)) {
      fail(
          where
              + "expected errors tagged "
              + allowed
              + ", got "
              + messages(errors)
              + "\n"
              + input.describe());
    }
    if (input.defects.size() == 1 && !tags.containsAll(input.defects.get(0).required())) {
      // One defect cannot hide behind another: its own tags must all appear.
      fail(
          where
              + "expected "
              + input.defects.get(0).required()
              + ", got "
              + messages(errors)
              + "\n"
              + input.describe());
    }
  }

  /** The input whose file an error is on; fails unless it is a relib error on a real line. */
  private static Input locate(
      long seed,
      Diagnostic<? extends JavaFileObject> error,
      Map<String, Input> byPackage,
      List<Input> inputs) {
    String message = error.getMessage(null);
    if (tag(message) == null) {
      fail("seed " + seed + ": an error that is not relib's: " + message + describe(inputs));
    }
    JavaFileObject file = error.getSource();
    if (file == null) {
      fail("seed " + seed + ": an error on no file: " + message + describe(inputs));
    }
    String path = file.toUri().getPath().substring(1);
    for (Input input : byPackage.values()) {
      String directory = input.packageName.replace('.', '/') + "/";
      String name = path.startsWith(directory) ? path.substring(directory.length()) : "";
      String source = input.files.get(name.replace(".java", ""));
      if (source != null) {
        long lines = source.lines().count();
        if (error.getLineNumber() < 1 || error.getLineNumber() > lines) {
          fail(
              "seed "
                  + seed
                  + ": an error on line "
                  + error.getLineNumber()
                  + " of "
                  + path
                  + ", which has "
                  + lines
                  + ": "
                  + message);
        }
        return input;
      }
    }
    fail("seed " + seed + ": an error on a file of no input, " + path + ": " + message);
    throw new AssertionError();
  }

  private static void assertNoFailure(long seed, Output output, List<Input> inputs) {
    if (output.thrown() != null) {
      throw new AssertionError(
          "seed " + seed + ": javac threw" + describe(inputs), output.thrown());
    }
    for (Diagnostic<? extends JavaFileObject> diagnostic : output.diagnostics()) {
      if (diagnostic.getMessage(null).contains("[RelibInternalError]")) {
        fail("seed " + seed + ": " + diagnostic.getMessage(null) + describe(inputs));
      }
    }
  }

  private static SortedMap<String, String> generatedBy(
      Input input, SortedMap<String, String> generated) {
    String directory = input.packageName.replace('.', '/') + "/";
    SortedMap<String, String> own = new TreeMap<>();
    generated.forEach(
        (path, text) -> {
          if (path.startsWith(directory) && path.indexOf('/', directory.length()) < 0) {
            own.put(path, text);
          }
        });
    return own;
  }

  private static List<JavaFileObject> sources(List<Input> inputs) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (Input input : inputs) {
      input.files.forEach(
          (name, text) -> sources.add(InMemoryJavac.source(input.path(name), text)));
    }
    return sources;
  }

  private static String tag(String message) {
    Matcher matcher = TAG.matcher(message);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static List<String> with(List<String> options, String option) {
    List<String> all = new ArrayList<>(options);
    all.add(option);
    return all;
  }

  /** Every diagnostic of a kind (all but notes when {@code kind} is null), with its place. */
  private static List<String> messages(Output output, Diagnostic.Kind kind) {
    return output.diagnostics().stream()
        .filter(d -> kind == null ? d.getKind() != Diagnostic.Kind.NOTE : d.getKind() == kind)
        .map(ProcessorFuzzTest::message)
        .collect(Collectors.toList());
  }

  private static List<String> messages(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream().map(ProcessorFuzzTest::message).collect(Collectors.toList());
  }

  private static String message(Diagnostic<? extends JavaFileObject> diagnostic) {
    String file = diagnostic.getSource() == null ? "?" : diagnostic.getSource().toUri().getPath();
    return file + ":" + diagnostic.getLineNumber() + ": " + diagnostic.getMessage(null);
  }

  private static String describe(List<Input> inputs) {
    return inputs.stream().map(Input::describe).collect(Collectors.joining("\n", "\n", ""));
  }

  private static String difference(Map<String, String> before, Map<String, String> after) {
    Set<String> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    StringBuilder text = new StringBuilder();
    for (String path : paths) {
      if (!String.valueOf(before.get(path)).equals(String.valueOf(after.get(path)))) {
        text.append("\n--- ")
            .append(path)
            .append(" first:\n")
            .append(before.get(path))
            .append("\n--- then:\n")
            .append(after.get(path));
      }
    }
    return text.toString();
  }
}
