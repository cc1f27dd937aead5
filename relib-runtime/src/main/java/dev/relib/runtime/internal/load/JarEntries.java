package dev.relib.runtime.internal.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads the entries of a jar or zip into memory, within an {@link EntryBudget}, and serves them as
 * {@link JarFile} would: its manifest, and the entries of a multi-release jar that the running
 * release chooses.
 */
final class JarEntries {
  // The end of central directory record without its comment, and the longest comment it allows.
  private static final int END_RECORD_LENGTH = 22;
  private static final int MAX_COMMENT_LENGTH = 0xFFFF;

  private JarEntries() {}

  /**
   * Every file entry of a zip on disk, within the budget. The common case streams the file's bytes
   * through one {@link ZipInputStream}: a third of the time of {@link ZipFile}, which reads each
   * entry with calls to the file system of its own. Anything the stream cannot read plainly (no
   * entries, a stored entry with a data descriptor, no end of central directory, any error) is read
   * again by {@link ZipFile}, which follows the central directory and reports what is wrong with
   * the jar.
   */
  static List<Map.Entry<String, byte[]>> read(Path jar, EntryBudget budget) throws IOException {
    long before = budget.used();
    List<Map.Entry<String, byte[]>> read = streamed(Files.readAllBytes(jar), jar, budget);
    if (read == null) {
      budget.rewind(before);
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

  /** The manifest these bytes hold, or null for none. */
  static Manifest manifest(byte[] bytes) throws IOException {
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
  static void releaseVersions(Map<String, byte[]> named) {
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
  static List<Map.Entry<String, byte[]>> streamed(byte[] jar, Path file, EntryBudget budget) {
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
}
