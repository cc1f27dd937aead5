package dev.relib.runtime.internal.load;

import dev.relib.bridge.ModuleStub;
import dev.relib.runtime.LoadException;
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
import java.util.HashSet;
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
public final class ModuleImage {
  // One class, though long: the readers of each form a module comes in (directory, jar, plugin
  // folder, zip, nested and Class-Path jars, multi-release entries) share one budget of bytes, one
  // way of naming what they refuse, and the image they fill.
  /**
   * One file an entry came from: the module itself or one of its library jars, with the jar's
   * manifest (null for a directory or a jar without one), which names its packages' versions.
   */
  public record Source(Path path, CodeSource codeSource, Manifest manifest) {}

  /** One entry's bytes and where they came from. */
  public record Entry(byte[] bytes, Source source) {}

  // The end of central directory record without its comment, and the longest comment it allows.
  private static final int END_RECORD_LENGTH = 22;
  private static final int MAX_COMMENT_LENGTH = 0xFFFF;

  // For a name in several sources the module's own comes first, then libraries in the given order.
  // Names keep the order they were first read in: the module's own, then each library's.
  private final Map<String, List<Entry>> entries;

  // What the layout left out or could not find, said as load warnings.
  private final List<String> warnings;

  // The library jars read from disk: the module's own files excepted, nested jars excepted.
  private final List<Path> libraryFiles;

  private ModuleImage(
      Map<String, List<Entry>> entries, List<String> warnings, List<Path> libraryFiles) {
    this.entries = entries;
    this.warnings = List.copyOf(warnings);
    this.libraryFiles = List.copyOf(libraryFiles);
  }

  /** The library jars read from disk, in the order read. */
  public List<Path> libraryFiles() {
    return libraryFiles;
  }

  /** What reading found amiss without failing: a manifest {@code Class-Path} jar not there. */
  public List<String> warnings() {
    return warnings;
  }

  /** The default bound of one entry, inflated: see {@code ModuleBuilder.DEFAULT_MAX_ENTRY_SIZE}. */
  public static final long DEFAULT_MAX_ENTRY_SIZE = 256L << 20;

  /** The default bound of a module's entries in all: see {@code ModuleBuilder}. */
  public static final long DEFAULT_MAX_MODULE_SIZE = 1L << 30;

  /** Reads the module and its libraries within the default bounds. */
  public static ModuleImage read(Path module, List<Path> libraries) {
    return read(module, libraries, DEFAULT_MAX_ENTRY_SIZE, DEFAULT_MAX_MODULE_SIZE);
  }

  /**
   * Reads the module and its libraries, refusing an entry that inflates to more than {@code
   * maxEntrySize} bytes and a module whose entries (its libraries' included) come to more than
   * {@code maxModuleSize}. The bytes are counted as they are read: a jar's declared sizes may lie.
   */
  public static ModuleImage read(
      Path module, List<Path> libraries, long maxEntrySize, long maxModuleSize) {
    Reading reading = new Reading(new Budget(module, maxEntrySize, maxModuleSize));
    if (isPluginFolder(module)) {
      readPluginFolder(module, reading);
    } else if (isPluginArchive(module)) {
      readPluginArchive(module, reading);
    } else {
      readSource(module, reading, "module");
    }
    for (Path library : libraries) {
      readSource(library, reading, "library jar");
    }
    reading.followClassPaths();
    Path own = module.toAbsolutePath().normalize();
    List<Path> libraryFiles = new ArrayList<>();
    for (Source jar : reading.jars) {
      Path path = jar.path().toAbsolutePath().normalize();
      if (!path.startsWith(own) && Files.isRegularFile(path)) {
        libraryFiles.add(path);
      }
    }
    return new ModuleImage(reading.entries, reading.warnings, libraryFiles);
  }

  /** What one read gathers: the entries, the jars read, the manifests' class paths to follow. */
  private static final class Reading {
    final Map<String, List<Entry>> entries = new LinkedHashMap<>();
    final Budget budget;
    final Set<Path> read = new HashSet<>();
    final List<Source> jars = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    Reading(Budget budget) {
      this.budget = budget;
    }

    /**
     * Reads the jars that the jars read so far name in their manifests' {@code Class-Path}, as a
     * class path of jars would (Maven's {@code addClasspath} with a {@code lib/} prefix beside
     * {@code copy-dependencies}), transitively. A jar named but not there is a warning, as a
     * standard loader skips it without one.
     */
    void followClassPaths() {
      for (int i = 0; i < jars.size(); i++) {
        Source jar = jars.get(i);
        String classPath =
            jar.manifest() == null
                ? null
                : jar.manifest().getMainAttributes().getValue("Class-Path");
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
          readSource(named, this, "library jar (Class-Path of " + jar.path().getFileName() + ")");
        }
      }
    }
  }

  /**
   * A plugin folder, as Maven users assemble one and PF4J loads it: the module's classes in {@code
   * classes/} or its jar at the top, its libraries in {@code lib/}. A directory with the stub
   * marker of its own is a classes directory, whatever it holds.
   */
  private static boolean isPluginFolder(Path path) {
    if (!Files.isDirectory(path)
        || Files.isDirectory(path.resolve(ModuleStub.STUB_RESOURCE_DIRECTORY))) {
      return false;
    }
    return Files.isDirectory(path.resolve("lib"))
        || Files.isDirectory(path.resolve("classes"))
        || !topJars(path).isEmpty();
  }

  private static List<Path> topJars(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  private static void readPluginFolder(Path folder, Reading reading) {
    Path classes = folder.resolve("classes");
    if (Files.isDirectory(classes)) {
      readSource(classes, reading, "module classes of plugin folder " + folder.getFileName());
    }
    for (Path jar : topJars(folder)) {
      readSource(jar, reading, "module jar of plugin folder " + folder.getFileName());
    }
    Path lib = folder.resolve("lib");
    if (Files.isDirectory(lib)) {
      for (Path jar : topJars(lib)) {
        readSource(jar, reading, "library jar");
      }
    }
  }

  /** A zip holding a plugin folder: {@code lib/} and a jar or {@code classes/} at its top. */
  private static boolean isPluginArchive(Path path) {
    return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".zip");
  }

  /**
   * Reads a plugin zip in memory, nested jars included. A zip whose own top holds the stub marker
   * is a jar by another name, and read as one.
   */
  private static void readPluginArchive(Path zip, Reading reading) {
    List<Map.Entry<String, byte[]>> read;
    try {
      reading.budget.checkFile(Files.size(zip), zip);
      read = zipEntries(zip, reading.budget);
    } catch (ZipException e) {
      throw unreadable(zip, "module", e);
    } catch (IOException e) {
      throw new LoadException(
          LoadException.Reason.MALFORMED,
          "cannot read module " + zip.toAbsolutePath() + ": " + e,
          e);
    }
    boolean jarItself =
        read.stream().anyMatch(e -> e.getKey().startsWith(ModuleStub.STUB_RESOURCE_DIRECTORY));
    if (jarItself) {
      readSource(zip, reading, "module");
      return;
    }
    Source classes = new Source(zip, codeSource(zip), null);
    List<Map.Entry<String, byte[]>> moduleJars = new ArrayList<>();
    List<Map.Entry<String, byte[]>> libraryJars = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : read) {
      String name = entry.getKey();
      if (name.startsWith("classes/") && name.length() > "classes/".length()) {
        add(
            reading.entries,
            name.substring("classes/".length()),
            new Entry(entry.getValue(), classes));
      } else if (name.endsWith(".jar") && name.indexOf('/') < 0) {
        moduleJars.add(entry);
      } else if (name.endsWith(".jar") && name.startsWith("lib/") && name.indexOf('/', 4) < 0) {
        libraryJars.add(entry);
      }
    }
    moduleJars.sort(Map.Entry.comparingByKey());
    libraryJars.sort(Map.Entry.comparingByKey());
    for (List<Map.Entry<String, byte[]>> jars : List.of(moduleJars, libraryJars)) {
      for (Map.Entry<String, byte[]> jar : jars) {
        Path nested = zip.resolve(jar.getKey());
        reading.read.add(nested.toAbsolutePath().normalize());
        reading.budget.used -= jar.getValue().length; // counted again as its entries are read
        try {
          List<Map.Entry<String, byte[]>> entries =
              streamed(jar.getValue(), nested, reading.budget);
          if (entries == null) {
            throw new ZipException("it cannot be read as a stream of zip entries");
          }
          addJar(nested, jarSource(zip, jar.getKey()), entries, reading);
        } catch (ZipException e) {
          throw unreadable(zip, "jar " + jar.getKey() + " in plugin zip", e);
        } catch (IOException e) {
          throw new LoadException(
              LoadException.Reason.MALFORMED,
              "cannot read jar " + jar.getKey() + " in " + zip.toAbsolutePath() + ": " + e,
              e);
        }
      }
    }
  }

  /** The code source of a jar nested in a zip: {@code jar:file:/...zip!/lib/x.jar}. */
  private static CodeSource jarSource(Path zip, String name) {
    try {
      URL url = new URL("jar:" + zip.toAbsolutePath().normalize().toUri() + "!/" + name);
      return new CodeSource(url, (CodeSigner[]) null);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("no URL for " + name + " in " + zip, e);
    }
  }

  private static LoadException unreadable(Path path, String role, ZipException e) {
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

  /** What a module may still read: the bounds, and the bytes read so far. */
  private static final class Budget {
    private final Path module;
    private final long maxEntrySize;
    private final long maxModuleSize;
    private long used;

    Budget(Path module, long maxEntrySize, long maxModuleSize) {
      this.module = module;
      this.maxEntrySize = maxEntrySize;
      this.maxModuleSize = maxModuleSize;
    }

    /**
     * Reads one entry, at most to the bounds: never more than one chunk past them is inflated, and
     * nothing is allocated for what a header declares.
     */
    byte[] read(InputStream in, Path file, String entry) throws IOException {
      List<byte[]> chunks = new ArrayList<>();
      long size = 0;
      while (true) {
        byte[] chunk = in.readNBytes(CHUNK);
        if (chunk.length == 0) {
          break;
        }
        size += chunk.length;
        check(size, file, entry);
        chunks.add(chunk);
        if (chunk.length < CHUNK) {
          break;
        }
      }
      used += size;
      if (chunks.size() == 1) {
        return chunks.get(0);
      }
      byte[] bytes = new byte[(int) size];
      int at = 0;
      for (byte[] chunk : chunks) {
        System.arraycopy(chunk, 0, bytes, at, chunk.length);
        at += chunk.length;
      }
      return bytes;
    }

    /** Refuses a jar whose size, before any of it is read, is already beyond the module's bound. */
    void checkFile(long size, Path file) {
      checkTotal(size, file, null);
    }

    private void check(long size, Path file, String entry) {
      if (size > maxEntrySize) {
        throw tooLarge(
            file,
            entry,
            "inflates to more than " + bytes(maxEntrySize) + ", the bound for one entry",
            "ModuleBuilder.maxEntrySize");
      }
      checkTotal(size, file, entry);
    }

    private void checkTotal(long size, Path file, String entry) {
      if (used + size > maxModuleSize) {
        throw tooLarge(
            file,
            entry,
            "takes the module's entries beyond "
                + bytes(maxModuleSize)
                + " in all (its libraries included), the bound for a module",
            "ModuleBuilder.maxModuleSize");
      }
    }

    private LoadException tooLarge(Path file, String entry, String what, String setting) {
      return new LoadException(
          LoadException.Reason.TOO_LARGE,
          (entry == null ? "" : "entry " + entry + " of ")
              + file.toAbsolutePath()
              + " "
              + what
              + (file.equals(module) ? "" : " (module " + module.toAbsolutePath() + ")")
              + ": no real module comes near it, so the file is broken or hostile; if it is"
              + " not, raise the bound with "
              + setting
              + "(bytes)");
    }
  }

  // A chunk of an entry as it is read: what a refused entry may inflate beyond its bound.
  private static final int CHUNK = 64 * 1024;

  static String bytes(long count) {
    if (count >= 1L << 30 && count % (1L << 30) == 0) {
      return (count >> 30) + " GiB";
    }
    if (count >= 1L << 20 && count % (1L << 20) == 0) {
      return (count >> 20) + " MiB";
    }
    return count + " bytes";
  }

  private static void readSource(Path path, Reading reading, String role) {
    Map<String, List<Entry>> entries = reading.entries;
    Budget budget = reading.budget;
    reading.read.add(path.toAbsolutePath().normalize());
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
        readDirectory(path, new Source(path, codeSource(path), null), entries, budget);
      } else {
        readJar(path, reading);
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

  /**
   * Reads every entry of a jar. The common case streams the file's bytes through one {@link
   * ZipInputStream}: a third of the time of {@link ZipFile}, which reads each entry with calls to
   * the file system of its own. Anything the stream cannot read plainly (no entries, a stored entry
   * with a data descriptor, no end of central directory, any error) is read again by {@link
   * ZipFile}, which follows the central directory and reports what is wrong with the jar.
   */
  private static void readJar(Path jar, Reading reading) throws IOException {
    reading.budget.checkFile(Files.size(jar), jar);
    addJar(jar, codeSource(jar), zipEntries(jar, reading.budget), reading);
  }

  /** Every file entry of a zip on disk, within the budget. */
  private static List<Map.Entry<String, byte[]>> zipEntries(Path jar, Budget budget)
      throws IOException {
    long before = budget.used;
    List<Map.Entry<String, byte[]>> read = streamed(Files.readAllBytes(jar), jar, budget);
    if (read == null) {
      budget.used = before;
      read = new ArrayList<>();
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
          ZipEntry entry = all.nextElement();
          if (!entry.isDirectory()) {
            try (InputStream in = zip.getInputStream(entry)) {
              read.add(Map.entry(entry.getName(), budget.read(in, jar, entry.getName())));
            }
          }
        }
      }
    }
    return read;
  }

  /** Adds a jar's entries, served as {@link JarFile} would serve them. */
  private static void addJar(
      Path jar, CodeSource codeSource, List<Map.Entry<String, byte[]>> read, Reading reading)
      throws IOException {
    Map<String, byte[]> named = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> entry : read) {
      named.put(entry.getKey(), entry.getValue());
    }
    Manifest manifest = manifest(named.get(JarFile.MANIFEST_NAME));
    if (manifest != null
        && "true".equalsIgnoreCase(manifest.getMainAttributes().getValue("Multi-Release"))) {
      releaseVersions(named);
    }
    Source source = new Source(jar, codeSource, manifest);
    for (Map.Entry<String, byte[]> entry : named.entrySet()) {
      add(reading.entries, entry.getKey(), new Entry(entry.getValue(), source));
    }
    reading.jars.add(source);
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
  private static List<Map.Entry<String, byte[]>> streamed(byte[] jar, Path file, Budget budget) {
    if (!hasEndOfCentralDirectory(jar)) {
      return null;
    }
    List<Map.Entry<String, byte[]>> read = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (!entry.isDirectory()) {
          read.add(Map.entry(entry.getName(), budget.read(in, file, entry.getName())));
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

  private static void readDirectory(
      Path root, Source source, Map<String, List<Entry>> entries, Budget budget)
      throws IOException {
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
        add(entries, name, new Entry(budget.read(in, root, name), source));
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
  public List<String> stubNames() {
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
  public List<String> classesIn(Set<String> packages) {
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
  public void forEachClass(ClassAction action) {
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
  public interface ClassAction {
    /** Returns whether to go on. */
    boolean accept(String className, Entry entry);
  }

  /** How many entries the image holds. */
  int size() {
    return entries.size();
  }
}
