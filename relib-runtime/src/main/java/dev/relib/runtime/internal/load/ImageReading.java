package dev.relib.runtime.internal.load;

import dev.relib.runtime.LoadException;
import dev.relib.runtime.internal.load.ModuleImage.Entry;
import dev.relib.runtime.internal.load.ModuleImage.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * One read of a module and its libraries: the entries it gathers, the jars read, the manifests'
 * class paths to follow, and what it finds amiss without failing. Reads each jar or classes
 * directory it is given, within one {@link EntryBudget}, naming what it refuses by the role of the
 * file ("module", "library jar").
 */
final class ImageReading {
  final Map<String, List<Entry>> entries = new LinkedHashMap<>();
  final EntryBudget budget;
  final Set<Path> read = new HashSet<>();
  final List<Source> jars = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();

  ImageReading(EntryBudget budget) {
    this.budget = budget;
  }

  /**
   * Reads the jars that the jars read so far name in their manifests' {@code Class-Path}, as a
   * class path of jars would (Maven's {@code addClasspath} with a {@code lib/} prefix beside {@code
   * copy-dependencies}), transitively. A jar named but not there is a warning, as a standard loader
   * skips it without one.
   */
  void followClassPaths() {
    for (int i = 0; i < jars.size(); i++) {
      Source jar = jars.get(i);
      String classPath =
          jar.manifest() == null ? null : jar.manifest().getMainAttributes().getValue("Class-Path");
      if (classPath == null || jar.path().getParent() == null) {
        continue;
      }
      for (String url : classPath.trim().split("\\s+")) {
        if (url.isEmpty() || url.contains(":")) {
          continue; // an absolute URL: not a file beside the jar
        }
        Path named =
            jar.path().getParent().resolve(url.replace("%20", " ")).toAbsolutePath().normalize();
        if (read.contains(named)) {
          continue;
        }
        if (!Files.exists(named)) {
          read.add(named);
          warnings.add(
              jar.path().getFileName()
                  + "'s manifest Class-Path names "
                  + url
                  + ", which is not at "
                  + named
                  + ": its classes are missing; copy the module's dependencies there (Maven:"
                  + " dependency:copy-dependencies) or pass them with libraries(...)");
          continue;
        }
        readSource(named, "library jar (Class-Path of " + jar.path().getFileName() + ")");
      }
    }
  }

  /** Reads a jar or a classes directory; {@code role} names it in what is refused. */
  void readSource(Path path, String role) {
    read.add(path.toAbsolutePath().normalize());
    if (!Files.exists(path)) {
      throw new LoadException(
          LoadException.Reason.NOT_FOUND,
          role
              + " "
              + path.toAbsolutePath()
              + " does not exist: pass the path of a jar or a"
              + " classes directory");
    }
    if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
      // A named pipe, a device, a socket: opening one may block forever or read without end.
      throw new LoadException(
          LoadException.Reason.MALFORMED,
          role
              + " "
              + path.toAbsolutePath()
              + " is neither a regular file nor a directory (a named pipe, a device or a"
              + " socket): pass the path of a jar or a classes directory");
    }
    try {
      if (Files.isDirectory(path)) {
        readDirectory(path, new Source(path, codeSource(path), null));
      } else {
        budget.checkFile(Files.size(path), path);
        addJar(path, codeSource(path), JarEntries.read(path, budget));
      }
    } catch (ZipException e) {
      throw unreadable(path, role, e);
    } catch (IOException | UncheckedIOException e) {
      throw new LoadException(
          LoadException.Reason.MALFORMED,
          "cannot read " + role + " " + path.toAbsolutePath() + ": " + e,
          e);
    }
  }

  /** Adds a jar's entries, served as {@link JarFile} would serve them. */
  void addJar(Path jar, CodeSource codeSource, List<Map.Entry<String, byte[]>> read)
      throws IOException {
    Map<String, byte[]> named = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> entry : read) {
      named.put(entry.getKey(), entry.getValue());
    }
    Manifest manifest = JarEntries.manifest(named.get(JarFile.MANIFEST_NAME));
    if (manifest != null
        && "true".equalsIgnoreCase(manifest.getMainAttributes().getValue("Multi-Release"))) {
      JarEntries.releaseVersions(named);
    }
    Source source = new Source(jar, codeSource, manifest);
    for (Map.Entry<String, byte[]> entry : named.entrySet()) {
      add(entry.getKey(), new Entry(entry.getValue(), source));
    }
    jars.add(source);
  }

  private void readDirectory(Path root, Source source) throws IOException {
    // The walk does not follow links, the one at its root neither: start from where it leads.
    Path start = root.toRealPath();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(start)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String name =
          start.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      try (InputStream in = Files.newInputStream(file)) {
        add(name, new Entry(budget.read(in, root, name), source));
      } catch (NoSuchFileException e) {
        // Deleted by a concurrent rebuild between the walk and the read; a reload will follow.
        continue;
      }
    }
  }

  /** Adds an entry under {@code name}, after those of the sources read before. */
  void add(String name, Entry entry) {
    entries.computeIfAbsent(name, n -> new ArrayList<>(1)).add(entry);
  }

  static CodeSource codeSource(Path path) {
    try {
      URL url = path.toAbsolutePath().normalize().toUri().toURL();
      return new CodeSource(url, (CodeSigner[]) null);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("no URL for " + path, e);
    }
  }

  static LoadException unreadable(Path path, String role, ZipException e) {
    return new LoadException(
        LoadException.Reason.MALFORMED,
        role
            + " "
            + path.toAbsolutePath()
            + " is not a readable jar ("
            + e.getMessage()
            + "): rebuild it, or pass the classes directory instead",
        e);
  }
}
