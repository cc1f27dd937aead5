package dev.relib.runtime;

import dev.relib.bridge.ModuleStub;
import java.io.ByteArrayInputStream;
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
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A module's jar or classes directory and its library jars, read fully into memory at load. The
 * files may then be rebuilt or deleted while the module runs, and no file handle stays open.
 */
final class ModuleImage {
  /**
   * One file an entry came from: the module itself or one of its library jars, with the jar's
   * manifest (null for a directory or a jar without one), which names its packages' versions.
   */
  record Source(Path path, CodeSource codeSource, Manifest manifest) {}

  /** One entry's bytes and where they came from. */
  record Entry(byte[] bytes, Source source) {}

  // The end of central directory record without its comment, and the longest comment it allows.
  private static final int END_RECORD_LENGTH = 22;
  private static final int MAX_COMMENT_LENGTH = 0xFFFF;

  // For a name in several sources the module's own comes first, then libraries in the given order.
  // Names keep the order they were first read in: the module's own, then each library's.
  private final Map<String, List<Entry>> entries;

  private ModuleImage(Map<String, List<Entry>> entries) {
    this.entries = entries;
  }

  /** Reads the module and its libraries. */
  static ModuleImage read(Path module, List<Path> libraries) {
    Map<String, List<Entry>> entries = new LinkedHashMap<>();
    readSource(module, entries, "module");
    for (Path library : libraries) {
      readSource(library, entries, "library jar");
    }
    return new ModuleImage(entries);
  }

  private static void readSource(Path path, Map<String, List<Entry>> entries, String role) {
    if (!Files.exists(path)) {
      throw new LoadException(
          LoadException.Reason.NOT_FOUND,
          role
              + " "
              + path.toAbsolutePath()
              + " does not exist: pass the path of a jar or a"
              + " classes directory");
    }
    try {
      if (Files.isDirectory(path)) {
        readDirectory(path, new Source(path, codeSource(path), null), entries);
      } else {
        readJar(path, entries);
      }
    } catch (ZipException e) {
      throw new LoadException(
          LoadException.Reason.MALFORMED,
          role
              + " "
              + path.toAbsolutePath()
              + " is not a readable jar ("
              + e.getMessage()
              + "): rebuild it, or pass the classes directory instead",
          e);
    } catch (IOException | UncheckedIOException e) {
      throw new LoadException(
          LoadException.Reason.MALFORMED,
          "cannot read " + role + " " + path.toAbsolutePath() + ": " + e,
          e);
    }
  }

  /**
   * Reads every entry of a jar. The common case streams the file's bytes through one {@link
   * ZipInputStream}: a third of the time of {@link ZipFile}, which reads each entry with calls to
   * the file system of its own. Anything the stream cannot read plainly (no entries, a stored entry
   * with a data descriptor, no end of central directory, any error) is read again by {@link
   * ZipFile}, which follows the central directory and reports what is wrong with the jar.
   */
  private static void readJar(Path jar, Map<String, List<Entry>> entries) throws IOException {
    List<Map.Entry<String, byte[]>> read = streamed(Files.readAllBytes(jar));
    if (read == null) {
      read = new ArrayList<>();
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
          ZipEntry entry = all.nextElement();
          if (!entry.isDirectory()) {
            try (InputStream in = zip.getInputStream(entry)) {
              read.add(Map.entry(entry.getName(), in.readAllBytes()));
            }
          }
        }
      }
    }
    Map<String, byte[]> named = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> entry : read) {
      named.put(entry.getKey(), entry.getValue());
    }
    Manifest manifest = manifest(named.get(JarFile.MANIFEST_NAME));
    if (manifest != null
        && "true".equalsIgnoreCase(manifest.getMainAttributes().getValue("Multi-Release"))) {
      releaseVersions(named);
    }
    Source source = new Source(jar, codeSource(jar), manifest);
    for (Map.Entry<String, byte[]> entry : named.entrySet()) {
      add(entries, entry.getKey(), new Entry(entry.getValue(), source));
    }
  }

  private static Manifest manifest(byte[] bytes) throws IOException {
    if (bytes == null) {
      return null;
    }
    try {
      return new Manifest(new ByteArrayInputStream(bytes));
    } catch (IOException | IllegalArgumentException e) {
      throw new ZipException("its manifest cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * Serves a multi-release jar as {@link JarFile} does on this JDK: under each plain name, the
   * entry of the highest {@code META-INF/versions/N/} that the running release reaches. The
   * versioned entries stay readable under their own names.
   */
  private static void releaseVersions(Map<String, byte[]> named) {
    int release = Runtime.version().feature();
    String prefix = "META-INF/versions/";
    Map<String, Integer> chosen = new HashMap<>();
    Map<String, byte[]> overrides = new HashMap<>();
    for (Map.Entry<String, byte[]> entry : named.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(prefix)) {
        continue;
      }
      int slash = name.indexOf('/', prefix.length());
      if (slash < 0 || slash == name.length() - 1) {
        continue;
      }
      int version;
      try {
        version = Integer.parseInt(name.substring(prefix.length(), slash));
      } catch (NumberFormatException e) {
        continue;
      }
      String plain = name.substring(slash + 1);
      if (version < 9 || version > release || plain.startsWith("META-INF/")) {
        continue;
      }
      Integer before = chosen.get(plain);
      if (before == null || before < version) {
        chosen.put(plain, version);
        overrides.put(plain, entry.getValue());
      }
    }
    named.putAll(overrides);
  }

  /** The entries of a jar read as a stream, or null where only {@link ZipFile} can tell. */
  private static List<Map.Entry<String, byte[]>> streamed(byte[] jar) {
    if (!hasEndOfCentralDirectory(jar)) {
      return null;
    }
    List<Map.Entry<String, byte[]>> read = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (!entry.isDirectory()) {
          read.add(Map.entry(entry.getName(), in.readAllBytes()));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    return read.isEmpty() ? null : read;
  }

  /** Whether the end-of-central-directory record's signature is where a zip file ends. */
  private static boolean hasEndOfCentralDirectory(byte[] jar) {
    int last = jar.length - END_RECORD_LENGTH;
    int first = Math.max(0, last - MAX_COMMENT_LENGTH);
    for (int i = last; i >= first; i--) {
      if (jar[i] == 'P' && jar[i + 1] == 'K' && jar[i + 2] == 5 && jar[i + 3] == 6) {
        return true;
      }
    }
    return false;
  }

  private static void readDirectory(Path root, Source source, Map<String, List<Entry>> entries)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String name =
          root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      try {
        add(entries, name, new Entry(Files.readAllBytes(file), source));
      } catch (NoSuchFileException e) {
        // Deleted by a concurrent rebuild between the walk and the read; a reload will follow.
        continue;
      }
    }
  }

  private static void add(Map<String, List<Entry>> entries, String name, Entry entry) {
    entries.computeIfAbsent(name, n -> new ArrayList<>(1)).add(entry);
  }

  private static CodeSource codeSource(Path path) {
    try {
      URL url = path.toAbsolutePath().normalize().toUri().toURL();
      return new CodeSource(url, (CodeSigner[]) null);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("no URL for " + path, e);
    }
  }

  /** The first entry of this name, or null. */
  Entry first(String name) {
    List<Entry> found = entries.get(name);
    return found == null ? null : found.get(0);
  }

  /** Every entry of this name, the module's own first. */
  List<Entry> all(String name) {
    return entries.getOrDefault(name, Collections.emptyList());
  }

  /** The binary names of the module stubs that the image's stub directory names. */
  List<String> stubNames() {
    List<String> names = new ArrayList<>();
    String directory = ModuleStub.STUB_RESOURCE_DIRECTORY;
    for (String name : entries.keySet()) {
      if (name.startsWith(directory) && name.indexOf('/', directory.length()) < 0) {
        names.add(name.substring(directory.length()));
      }
    }
    Collections.sort(names);
    return names;
  }

  /** The names of every class entry whose package is one of {@code packages}. */
  List<String> classesIn(Set<String> packages) {
    List<String> names = new ArrayList<>();
    for (String name : entries.keySet()) {
      if (name.endsWith(".class")) {
        String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
        int dot = className.lastIndexOf('.');
        if (dot > 0 && packages.contains(className.substring(0, dot))) {
          names.add(className);
        }
      }
    }
    Collections.sort(names);
    return names;
  }

  /**
   * Every class the loader may define, as {@code action} receives them: the binary name and the
   * entry that serves it, in the order read (the module's own classes first, then each library's);
   * versioned entries of a multi-release jar and {@code module-info} left out. Stops when {@code
   * action} returns false.
   */
  void forEachClass(ClassAction action) {
    for (Map.Entry<String, List<Entry>> named : entries.entrySet()) {
      String name = named.getKey();
      if (!name.endsWith(".class")
          || name.startsWith("META-INF/")
          || name.endsWith("module-info.class")
          || name.endsWith("package-info.class")) {
        continue;
      }
      String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
      if (!action.accept(className, named.getValue().get(0))) {
        return;
      }
    }
  }

  /** What {@link #forEachClass} calls for each class. */
  interface ClassAction {
    /** Returns whether to go on. */
    boolean accept(String className, Entry entry);
  }

  /** How many entries the image holds. */
  int size() {
    return entries.size();
  }
}
