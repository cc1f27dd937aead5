package dev.relib.runtime.internal.load;

import dev.relib.runtime.LoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a module may still read: the bounds of one entry and of the module's entries in all, and the
 * bytes read so far. The bytes are counted as they are read, since a jar's declared sizes may lie;
 * what it refuses is a {@link LoadException} that names the file, the entry and the setting to
 * raise.
 */
final class EntryBudget {
  // A chunk of an entry as it is read: what a refused entry may inflate beyond its bound.
  private static final int CHUNK = 64 * 1024;

  private final Path module;
  private final long maxEntrySize;
  private final long maxModuleSize;
  private long used;

  EntryBudget(Path module, long maxEntrySize, long maxModuleSize) {
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

  /** The bytes read so far. */
  long used() {
    return used;
  }

  /** Sets the bytes read so far back to {@code used}: what was counted since is read again. */
  void rewind(long used) {
    this.used = used;
  }

  private static String bytes(long count) {
    if (count >= 1L << 30 && count % (1L << 30) == 0) {
      return (count >> 30) + " GiB";
    }
    if (count >= 1L << 20 && count % (1L << 20) == 0) {
      return (count >> 20) + " MiB";
    }
    return count + " bytes";
  }
}
