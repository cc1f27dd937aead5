package dev.relib.processor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Runs javac with relib's processor on sources held in memory and keeps what it writes in memory.
 * One instance reuses one standard file manager (and the class path it has indexed) across
 * compilations, which makes a compilation of a few small sources several times cheaper than with a
 * fresh compiler each time. Not thread-safe.
 */
final class InMemoryJavac implements AutoCloseable {
  /** What one compilation reported and wrote; {@code thrown} is what escaped javac, if anything. */
  record Output(
      List<Diagnostic<? extends JavaFileObject>> diagnostics,
      SortedMap<String, String> generatedSources,
      SortedMap<String, String> generatedResources,
      Throwable thrown) {}

  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final StandardJavaFileManager standard =
      javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);

  /** A source held in memory, under {@code mem:///path}. */
  static JavaFileObject source(String path, String text) {
    return new Source(URI.create("mem:///" + path), text);
  }

  Output compile(List<JavaFileObject> sources, List<String> options) {
    Memory memory = new Memory(standard);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Throwable thrown = null;
    try {
      JavaCompiler.CompilationTask task =
          javac.getTask(null, memory, diagnostics, options, null, sources);
      task.setProcessors(List.of(new RelibProcessor()));
      task.call();
    } catch (RuntimeException | Error e) {
      thrown = e;
    }
    SortedMap<String, String> generatedSources = new TreeMap<>();
    SortedMap<String, String> generatedResources = new TreeMap<>();
    memory.outputs.forEach(
        (path, output) -> {
          if (path.startsWith(StandardLocation.SOURCE_OUTPUT.getName() + "/")) {
            generatedSources.put(path.substring(path.indexOf('/') + 1), output.text());
          } else if (!path.endsWith(".class")) {
            generatedResources.put(path.substring(path.indexOf('/') + 1), output.text());
          }
        });
    return new Output(
        List.copyOf(diagnostics.getDiagnostics()), generatedSources, generatedResources, thrown);
  }

  @Override
  public void close() {
    try {
      standard.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A source given to the compiler. */
  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(URI uri, String text) {
      super(uri, Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }

  /** A file the compiler writes: a generated source, a class file or a resource. */
  private static final class Written extends SimpleJavaFileObject {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Written(URI uri, Kind kind) {
      super(uri, kind);
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public OutputStream openOutputStream() {
      bytes.reset();
      return bytes;
    }

    @Override
    public InputStream openInputStream() {
      return new ByteArrayInputStream(bytes.toByteArray());
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text();
    }
  }

  /** Outputs in memory, inputs from the standard file manager. */
  private static final class Memory extends ForwardingJavaFileManager<StandardJavaFileManager> {
    final Map<String, Written> outputs = new LinkedHashMap<>();

    Memory(StandardJavaFileManager standard) {
      super(standard);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
      return output(location.getName() + "/" + className.replace('.', '/') + kind.extension, kind);
    }

    @Override
    public FileObject getFileForOutput(
        Location location, String packageName, String relativeName, FileObject sibling) {
      String directory = packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/";
      return output(location.getName() + "/" + directory + relativeName, JavaFileObject.Kind.OTHER);
    }

    @Override
    public JavaFileObject getJavaFileForInput(
        Location location, String className, JavaFileObject.Kind kind) throws IOException {
      Written written =
          outputs.get(location.getName() + "/" + className.replace('.', '/') + kind.extension);
      return written != null ? written : super.getJavaFileForInput(location, className, kind);
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
      return a.toUri().equals(b.toUri());
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
      return file instanceof Written || file instanceof Source
          ? null
          : super.inferBinaryName(location, file);
    }

    private Written output(String path, JavaFileObject.Kind kind) {
      Written written = new Written(URI.create("mem:///" + path), kind);
      outputs.put(path, written);
      return written;
    }
  }
}
