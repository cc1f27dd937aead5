package dev.relib.benchmarks.host.lifecycle;

import dev.relib.processor.RelibProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Versions of a tiny module implementing {@code Work}, compiled at the harness's start the way the
 * module's build would (against the API, with relib's processor); {@code trivial(0)} answers the
 * version number, so that the host sees which version served a call.
 */
final class ModuleVariants {
  static final String PACKAGE = "dev.relib.benchmarks.reloadable";

  private ModuleVariants() {}

  private static String source(int version) {
    return """
        package %s;

        import dev.relib.Module;
        import dev.relib.benchmarks.api.Person;
        import dev.relib.benchmarks.api.Team;
        import dev.relib.benchmarks.api.Work;
        import java.util.List;

        /** Version %d of the reloaded module: trivial(x) answers x + %d. */
        @Module
        public class ReloadableWork implements Work {
          @Override
          public int trivial(int x) {
            return x + %d;
          }

          @Override
          public long work(long seed) {
            return seed * %d;
          }

          @Override
          public List<String> names() {
            return List.of("v%d");
          }

          @Override
          public Person person() {
            return new Person("v%d", %d, %d, %d.0, "here");
          }

          @Override
          public Team team() {
            return new Team("v%d", names());
          }
        }
        """
        .formatted(PACKAGE, version, version, version, version, version, version, version, version, version, version);
  }

  /** Compiles version {@code version} into {@code dir}/classes; returns that directory. */
  static Path compile(int version, Path dir) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("the reload benchmark needs a JDK (javac), not a JRE");
    }
    Path sources = dir.resolve("src").resolve(PACKAGE.replace('.', '/'));
    Files.createDirectories(sources);
    Path file = Files.writeString(sources.resolve("ReloadableWork.java"), source(version));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated-sources"));
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(List.of(file));
      JavaCompiler.CompilationTask task =
          javac.getTask(
              diagnostics,
              files,
              null,
              List.of(
                  "--release", "17",
                  "-classpath", System.getProperty("java.class.path"),
                  "-d", classes.toString(),
                  "-s", generated.toString()),
              null,
              units);
      // The processor itself: javac 23+ ignores processors found on the class path.
      task.setProcessors(List.of(new RelibProcessor()));
      if (!task.call()) {
        throw new IllegalStateException("module version " + version + " did not compile:\n" + diagnostics);
      }
    }
    return classes;
  }

  /**
   * Finishes a "build" of {@code from} into the watched {@code to}: each file written beside its
   * target and renamed over it (the atomic replace a careful build does), resources first and
   * classes last, as javac writes the processor's resources before the classes.
   */
  /** Deletes what a directory holds, as a compiler's clean of its output does. */
  static void clear(Path dir) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = new ArrayList<>(walk.filter(path -> !path.equals(dir)).toList());
    }
    paths.sort(java.util.Comparator.reverseOrder());
    for (Path path : paths) {
      Files.delete(path);
    }
  }

  static void install(Path from, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
    files.sort((a, b) -> Boolean.compare(a.toString().endsWith(".class"), b.toString().endsWith(".class")));
    for (Path file : files) {
      Path target = to.resolve(from.relativize(file).toString());
      Files.createDirectories(target.getParent());
      Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
      Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
