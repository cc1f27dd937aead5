package dev.relib.runtime;

import dev.relib.Exports;
import dev.relib.processor.RelibProcessor;
import dev.relib.runtime.testapi.Greeter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles test modules from in-memory sources, through relib's processor, against the test API,
 * into a classes directory or a jar.
 */
final class TestModules {
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, byte[]> resources = new LinkedHashMap<>();
  private final List<Path> classPath = new ArrayList<>();
  private final List<Path> merged = new ArrayList<>();
  private boolean processor = true;

  private TestModules() {
    classPath.add(location(Exports.class));
    classPath.add(location(Greeter.class));
  }

  static TestModules module() {
    return new TestModules();
  }

  /**
   * A {@code @Module} implementing {@link Greeter} whose {@code run(String command)} executes
   * {@code runBody}, with {@code members} added to the class.
   */
  static TestModules greeter(String runBody, String members) {
    return module()
        .source(
            "m.GreeterModule",
            """
            package m;

            import dev.relib.BeforeUnload;
            import dev.relib.Module;
            import dev.relib.runtime.testapi.Greeter;
            import dev.relib.runtime.testapi.HostLog;

            @Module
            public final class GreeterModule implements Greeter {
              private final HostLog log;

              public GreeterModule(HostLog log) {
                this.log = log;
              }

              @Override
              public String greet(String name) {
                log.info("greeting " + name);
                return "Hello, " + name;
              }

              @Override
              public String run(String command) {
                try {
                  %s
                } catch (RuntimeException e) {
                  throw e;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }

              @Override
              public int pause(int millis) {
                try {
                  Thread.sleep(millis);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return millis;
              }

              @Override
              public java.util.List<String> names(int count) {
                return java.util.Collections.nCopies(count, "name");
              }

              %s
            }
            """
                .formatted(runBody, members));
  }

  /** A plain greeter module: {@code run} answers "ran " + command. */
  static TestModules greeter() {
    return greeter("return \"ran \" + command;", "");
  }

  TestModules source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  TestModules resource(String name, byte[] bytes) {
    resources.put(name, bytes);
    return this;
  }

  /** Compiles against {@code directory} too (before the test API), without packaging it. */
  TestModules classPath(Path directory) {
    classPath.add(0, directory);
    return this;
  }

  /** Copies the compiled files of {@code directory} into the output too. */
  TestModules merge(Path directory) {
    merged.add(directory);
    return this;
  }

  TestModules withoutProcessor() {
    processor = false;
    return this;
  }

  /** Compiles into {@code directory}, which becomes a module's classes directory. */
  Path compileTo(Path directory) {
    try {
      Files.createDirectories(directory);
      Path generated =
          Files.createDirectories(directory.resolveSibling(directory.getFileName() + "-generated"));
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      try (StandardJavaFileManager files =
          compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
        files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(directory));
        files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
        files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new Source(name, code)));
        StringWriter out = new StringWriter();
        JavaCompiler.CompilationTask task =
            compiler.getTask(out, files, diagnostics, List.of("-Xlint:none"), null, units);
        if (processor) {
          task.setProcessors(List.of(new RelibProcessor()));
        } else {
          task.setProcessors(List.of());
        }
        if (!task.call()) {
          throw new AssertionError(
              "test module does not compile: " + diagnostics.getDiagnostics() + out);
        }
      }
      for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
        Path file = directory.resolve(resource.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, resource.getValue());
      }
      for (Path other : merged) {
        copyTree(other, directory);
      }
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles, then packs the classes into {@code jar}. */
  Path jarTo(Path jar) {
    Path classes = compileTo(jar.resolveSibling(jar.getFileName() + "-classes"));
    return jar(classes, jar);
  }

  static Path jar(Path classes, Path jar) {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(path));
        out.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        Files.createDirectories(target.getParent());
        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** The jar or directory a class was loaded from. */
  static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String className, String code) {
      super(URI.create("string:///" + className.replace('.', '/') + ".java"), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
