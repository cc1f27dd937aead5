package dev.relib.samples.host;

import dev.relib.processor.RelibProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a module's sources the way its build would: against the shared API, with relib's
 * processor. The demos use it to rebuild a module while the host runs; a real host leaves that to
 * the module's own build.
 */
final class ModuleCompiler {
  private ModuleCompiler() {}

  /**
   * Compiles every {@code .java} file under {@code sources} into {@code classes}; the sources the
   * processor generates go to a directory beside {@code classes}, as a build keeps them apart.
   */
  static void compile(Path sources, Path classes) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("the demo needs a JDK (javac), not a JRE");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    Files.createDirectories(classes);
    Path generated = Files.createDirectories(classes.resolveSibling("generated-sources"));
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
      JavaCompiler.CompilationTask task =
          javac.getTask(
              diagnostics,
              fileManager,
              null,
              List.of(
                  "--release", "17",
                  "-classpath", System.getProperty("java.class.path"),
                  "-d", classes.toString(),
                  "-s", generated.toString()),
              null,
              units);
      // Passing the processor itself: javac 23+ ignores processors found on the class path.
      task.setProcessors(List.of(new RelibProcessor()));
      if (!task.call()) {
        throw new IllegalStateException("module did not compile:\n" + diagnostics);
      }
    }
  }

  /** Deletes a directory and what it holds; what cannot be deleted is left, said on stderr. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      try {
        Files.delete(path);
      } catch (IOException e) {
        System.err.println("could not delete " + path + ": " + e);
      }
    }
  }

  /** Copies a directory tree, files replaced where they exist. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
