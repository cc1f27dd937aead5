package dev.relib.runtime.internal.load;

import dev.relib.bridge.ModuleStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Manifest;

/**
 * A module's jar or classes directory and its library jars, read fully into memory at load. The
 * files may then be rebuilt or deleted while the module runs, and no file handle stays open.
 *
 * <p>{@link ImageReading} reads the files, {@link PluginLayout} the plugin folders and zips, {@link
 * JarEntries} a jar's entries, all within one {@link EntryBudget}.
 */
public final class ModuleImage {
  /**
   * One file an entry came from: the module itself or one of its library jars, with the jar's
   * manifest (null for a directory or a jar without one), which names its packages' versions.
   */
  public record Source(Path path, CodeSource codeSource, Manifest manifest) {}

  /** One entry's bytes and where they came from. */
  public record Entry(byte[] bytes, Source source) {}

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
    ImageReading reading = new ImageReading(new EntryBudget(module, maxEntrySize, maxModuleSize));
    if (PluginLayout.isFolder(module)) {
      PluginLayout.readFolder(module, reading);
    } else if (PluginLayout.isArchive(module)) {
      PluginLayout.readArchive(module, reading);
    } else {
      reading.readSource(module, "module");
    }
    for (Path library : libraries) {
      reading.readSource(library, "library jar");
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
