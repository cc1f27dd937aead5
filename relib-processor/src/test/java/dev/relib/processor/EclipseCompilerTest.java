package dev.relib.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the processor under Eclipse's compiler, as Eclipse IDEs do: it generates the same files as
 * under javac and reports errors on the same lines, which shows it relies on no javac internals.
 */
class EclipseCompilerTest {
  @TempDir Path directory;

  /** The outcome of one Eclipse compilation: its diagnostics and what it generated. */
  private record Result(List<Diagnostic<? extends JavaFileObject>> diagnostics, Path generated) {
    List<Diagnostic<? extends JavaFileObject>> errors() {
      return diagnostics.stream()
          .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
          .collect(Collectors.toList());
    }

    /** The errors as text, for assertions whose failures say what went wrong. */
    List<String> errorMessages() {
      return errors().stream()
          .map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
          .collect(Collectors.toList());
    }
  }

  @Test
  void generatesWhatJavacGenerates() throws IOException {
    Map<String, String> sources = new TreeMap<>();
    for (String path : TestSources.REPRESENTATIVE) {
      sources.put(path, TestSources.resource("representative/" + path));
    }
    Result eclipse = compileWithEclipse(sources);
    assertThat(eclipse.errorMessages()).isEmpty();

    Compilation javac = TestSources.compile(TestSources.representative());
    assertThat(javac).succeeded();
    Map<String, String> javacFiles = new TreeMap<>();
    for (JavaFileObject file : javac.generatedSourceFiles()) {
      String uri = file.toUri().getPath();
      javacFiles.put(
          uri.substring(uri.indexOf("SOURCE_OUTPUT/") + "SOURCE_OUTPUT/".length()),
          TestSources.contents(file));
    }
    Map<String, String> eclipseFiles = new TreeMap<>();
    try (Stream<Path> files = Files.walk(eclipse.generated())) {
      for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        eclipseFiles.put(
            eclipse.generated().relativize(file).toString().replace('\\', '/'),
            Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    assertThat(eclipseFiles.keySet()).containsAtLeastElementsIn(javacFiles.keySet());
    javacFiles.forEach((name, text) -> assertThat(eclipseFiles.get(name)).isEqualTo(text));
  }

  @Test
  void reportsErrorsOnTheSameElement() throws IOException {
    String inventory =
        String.join(
            "\n",
            "package test;",
            "",
            "import java.util.ArrayList;",
            "",
            "@dev.relib.Exports",
            "public interface Inventory {",
            "  void add(",
            "      ArrayList<String> items);",
            "",
            "  ArrayList<String> items();",
            "}",
            "");
    Result eclipse = compileWithEclipse(Map.of("test/Inventory.java", inventory));
    List<String> errors =
        eclipse.errors().stream()
            .map(error -> error.getLineNumber() + ": " + error.getMessage(Locale.ROOT))
            .collect(Collectors.toList());
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0))
        .startsWith("8: [RelibMutableParameter] parameter 'items' of Inventory.add");
    assertThat(errors.get(1))
        .startsWith("10: [RelibUnsupportedReturn] method Inventory.items returns ArrayList");
  }

  @Test
  void reportsAFieldTheBridgeCannotReadOnTheField() throws IOException {
    String memo =
        String.join(
            "\n",
            "package test;",
            "",
            "@dev.relib.Copy",
            "public final class Memo {",
            "  private final java.util.Optional<String> note = java.util.Optional.empty();",
            "}",
            "");
    String api =
        String.join(
            "\n",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  Memo memo();",
            "}",
            "");
    Result eclipse = compileWithEclipse(Map.of("test/Memo.java", memo, "test/Api.java", api));
    assertThat(eclipse.errorMessages()).hasSize(1);
    assertThat(eclipse.errorMessages().get(0))
        .startsWith("5: [RelibUnreadableCopyField] field 'note' of @Copy type Memo");
    assertThat(eclipse.errors().get(0).getSource().getName()).endsWith("Memo.java");
  }

  private Result compileWithEclipse(Map<String, String> sources) throws IOException {
    Path sourceRoot = directory.resolve("src");
    Path generated = directory.resolve("generated");
    Path classes = directory.resolve("classes");
    Files.createDirectories(generated);
    Files.createDirectories(classes);
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceRoot.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
      files.add(file);
    }
    JavaCompiler compiler = new EclipseCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fileManager =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "--release", "17",
              "-classpath", System.getProperty("java.class.path"),
              "-s", generated.toString(),
              "-d", classes.toString(),
              "-encoding", "UTF-8");
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              // Eclipse's compiler prints its diagnostics too; the collector has them.
              new PrintWriter(Writer.nullWriter()),
              fileManager,
              diagnostics,
              options,
              null,
              fileManager.getJavaFileObjectsFromPaths(files));
      task.setProcessors(List.of(new RelibProcessor()));
      task.call();
    }
    return new Result(diagnostics.getDiagnostics(), generated);
  }
}
