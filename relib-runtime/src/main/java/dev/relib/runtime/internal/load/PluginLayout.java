package dev.relib.runtime.internal.load;

import dev.relib.bridge.ModuleStub;
import dev.relib.runtime.LoadException;
import dev.relib.runtime.internal.load.ModuleImage.Entry;
import dev.relib.runtime.internal.load.ModuleImage.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * The plugin layouts a module may come in besides a jar or a classes directory: a plugin folder,
 * and a zip holding one, its nested jars read in memory.
 */
final class PluginLayout {
  private PluginLayout() {}

  /**
   * A plugin folder, as Maven users assemble one and PF4J loads it: the module's classes in {@code
   * classes/} or its jar at the top, its libraries in {@code lib/}. A directory with the stub
   * marker of its own is a classes directory, whatever it holds.
   */
  static boolean isFolder(Path path) {
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

  static void readFolder(Path folder, ImageReading reading) {
    Path classes = folder.resolve("classes");
    if (Files.isDirectory(classes)) {
      reading.readSource(classes, "module classes of plugin folder " + folder.getFileName());
    }
    for (Path jar : topJars(folder)) {
      reading.readSource(jar, "module jar of plugin folder " + folder.getFileName());
    }
    Path lib = folder.resolve("lib");
    if (Files.isDirectory(lib)) {
      for (Path jar : topJars(lib)) {
        reading.readSource(jar, "library jar");
      }
    }
  }

  /** A zip holding a plugin folder: {@code lib/} and a jar or {@code classes/} at its top. */
  static boolean isArchive(Path path) {
    return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".zip");
  }

  /**
   * Reads a plugin zip in memory, nested jars included. A zip whose own top holds the stub marker
   * is a jar by another name, and read as one.
   */
  static void readArchive(Path zip, ImageReading reading) {
    List<Map.Entry<String, byte[]>> read;
    try {
      reading.budget.checkFile(Files.size(zip), zip);
      read = JarEntries.read(zip, reading.budget);
    } catch (ZipException e) {
      throw ImageReading.unreadable(zip, "module", e);
    } catch (IOException e) {
      throw new LoadException(
          LoadException.Reason.MALFORMED,
          "cannot read module " + zip.toAbsolutePath() + ": " + e,
          e);
    }
    boolean jarItself =
        read.stream().anyMatch(e -> e.getKey().startsWith(ModuleStub.STUB_RESOURCE_DIRECTORY));
    if (jarItself) {
      reading.readSource(zip, "module");
      return;
    }
    Source classes = new Source(zip, ImageReading.codeSource(zip), null);
    List<Map.Entry<String, byte[]>> moduleJars = new ArrayList<>();
    List<Map.Entry<String, byte[]>> libraryJars = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : read) {
      String name = entry.getKey();
      if (name.startsWith("classes/") && name.length() > "classes/".length()) {
        reading.add(name.substring("classes/".length()), new Entry(entry.getValue(), classes));
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
        // Counted again as its entries are read.
        reading.budget.rewind(reading.budget.used() - jar.getValue().length);
        try {
          List<Map.Entry<String, byte[]>> entries =
              JarEntries.streamed(jar.getValue(), nested, reading.budget);
          if (entries == null) {
            throw new ZipException("it cannot be read as a stream of zip entries");
          }
          reading.addJar(nested, jarSource(zip, jar.getKey()), entries);
        } catch (ZipException e) {
          throw ImageReading.unreadable(zip, "jar " + jar.getKey() + " in plugin zip", e);
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
}
