package dev.relib.runtime;

import dev.relib.runtime.internal.load.ContextLoaderReaders;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import dev.relib.runtime.internal.load.ModuleImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides from a module's class files whether calls into it switch the thread's context class
 * loader ({@link ContextLoaderReaders} knows the calls that read it), and says why.
 */
final class ContextLoaderScan {
  private ContextLoaderScan() {}

  /**
   * Whether a class of the module or its libraries reads the context class loader: the scan stops
   * at the first that does, the module's own classes coming first; the host's shared classes are
   * not scanned.
   */
  static ContextLoaderSwitch scan(ModuleImage image, ModuleClassLoader loader, Path module) {
    int[] scanned = {0};
    String[] found = {null};
    Set<ModuleImage.Source> files = new HashSet<>();
    Path own = module.toAbsolutePath().normalize();
    image.forEachClass(
        (className, entry) -> {
          if (loader.isShared(className)) {
            return true; // the host's copy is the one loaded
          }
          scanned[0]++;
          files.add(entry.source());
          ContextLoaderReaders.Found call = ContextLoaderReaders.find(entry.bytes());
          if (call == null) {
            return true;
          }
          Path source = entry.source().path().toAbsolutePath().normalize();
          found[0] =
              "class "
                  + className
                  + (source.equals(own)
                      ? " of the module"
                      : source.startsWith(own)
                          // a plugin folder's or zip's own jars and lib/ jars
                          ? " of " + own.relativize(source) + " in the plugin"
                          : " of library jar " + source.getFileName())
                  + " calls "
                  + call.call()
                  + ", which "
                  + call.reader().why().replaceFirst("\\bit\\b", "the context class loader");
          return false;
        });
    if (found[0] != null) {
      return new ContextLoaderSwitch(true, false, found[0]);
    }
    return new ContextLoaderSwitch(
        false,
        false,
        "no class of the module"
            + (files.size() <= 1 ? "" : " or of its libraries")
            + " reads the context class loader ("
            + scanned[0]
            + " classes scanned in "
            + files.size()
            + " file(s))");
  }
}
