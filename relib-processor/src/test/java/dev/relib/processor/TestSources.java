package dev.relib.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** Test sources and compilations shared by the processor's tests. */
final class TestSources {
  /** The representative API: every kind of value, handle and callback, and a module. */
  static final List<String> REPRESENTATIVE =
      List.of(
          "com/example/Point.java",
          "com/example/Line.java",
          "com/example/Money.java",
          "com/example/Color.java",
          "com/example/Label.java",
          "com/example/Memo.java",
          "com/example/Matrix.java",
          "com/example/Buffer.java",
          "com/example/Named.java",
          "com/example/Listener.java",
          "com/example/Session.java",
          "com/example/HostLog.java",
          "com/example/Clock.java",
          "com/example/Greeter.java",
          "com/example/GreeterState.java",
          "com/example/GreeterStateV1.java",
          "com/example/module/GreeterModule.java");

  private TestSources() {}

  static List<JavaFileObject> representative() {
    return REPRESENTATIVE.stream()
        .map(path -> JavaFileObjects.forResource("representative/" + path))
        .collect(Collectors.toList());
  }

  /** A source file from its text; the name is taken from the package and first type. */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(sources));
  }

  static Compilation compile(List<JavaFileObject> sources) {
    return javac().withProcessors(new RelibProcessor()).compile(sources);
  }

  static String resource(String path) {
    try (var in = TestSources.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String contents(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles sources without relib's processor into a directory, a class path for the next. */
  static void compileToDirectory(Path directory, JavaFileObject... sources) throws IOException {
    Compilation compilation = javac().withOptions("-proc:none").compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new IllegalStateException("class path sources do not compile: " + compilation.errors());
    }
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        String root = "/" + StandardLocation.CLASS_OUTPUT.getName() + "/";
        Path target = directory.resolve(path.substring(path.indexOf(root) + root.length()));
        Files.createDirectories(target.getParent());
        try (var in = file.openInputStream()) {
          Files.copy(in, target);
        }
      }
    }
  }

  /** Compiles with relib's processor, with a directory in front of the test's class path. */
  static Compilation compileWithClassPath(Path directory, JavaFileObject... sources) {
    List<File> path = new ArrayList<>();
    path.add(directory.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      path.add(new File(entry));
    }
    return javac().withProcessors(new RelibProcessor()).withClasspath(path).compile(sources);
  }
}
