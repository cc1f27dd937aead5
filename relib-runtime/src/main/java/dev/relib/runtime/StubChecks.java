package dev.relib.runtime;

import dev.relib.bridge.Fingerprint;
import dev.relib.bridge.ModuleStub;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import dev.relib.runtime.internal.load.ModuleImage;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a load checks of a module before constructing it ({@link ModuleBuilder#load}): one stub in
 * its files, a stub class that links against the host's classes and speaks this runtime's contract,
 * its exports and API fingerprints, its state type, the imports it needs; and the host's API
 * classes it bundles, which it is warned of. Each refusal is a {@link LoadException} that names the
 * file, what was found and the fix.
 */
final class StubChecks {
  private static final System.Logger LOG = System.getLogger(ModuleBuilder.class.getName());
  private static final int LISTED = 5;

  private StubChecks() {}

  /** The binary name of the one module stub that the module's files name. */
  static String stubName(ModuleImage image, Path module) {
    List<String> stubs = image.stubNames();
    if (stubs.isEmpty()) {
      throw new LoadException(
          LoadException.Reason.NO_STUB,
          module.toAbsolutePath()
              + " is not a relib module: it has no "
              + ModuleStub.STUB_RESOURCE_DIRECTORY
              + " entry, so no @Module class in it was compiled with relib-processor; put"
              + " relib-processor on the module's annotationProcessorPaths and rebuild it");
    }
    if (stubs.size() > 1) {
      throw new LoadException(
          LoadException.Reason.SEVERAL_STUBS,
          module.toAbsolutePath()
              + " holds "
              + stubs.size()
              + " modules ("
              + String.join(", ", stubs)
              + "): a module jar or directory holds exactly one @Module class; build one jar per"
              + " module");
    }
    return stubs.get(0);
  }

  /** A warning if the module bundles classes of the shared API, which the host's replace. */
  static List<String> bundledApiWarnings(
      ModuleImage image, Set<String> shared, ClassLoader apiLoader, Path module) {
    List<String> bundled = new ArrayList<>();
    for (String className : image.classesIn(shared)) {
      if (apiLoader.getResource(className.replace('.', '/') + ".class") != null) {
        bundled.add(className);
      }
    }
    if (bundled.isEmpty()) {
      return List.of();
    }
    String warning =
        module.toAbsolutePath()
            + " bundles "
            + bundled.size()
            + " class(es) of the shared API, ignored in favour of the host's: "
            + String.join(", ", bundled.subList(0, Math.min(LISTED, bundled.size())))
            + (bundled.size() > LISTED ? ", ..." : "")
            + "; leave the API and relib-annotations out of the module's jar (Maven scope"
            + " provided)";
    LOG.log(Level.WARNING, warning);
    return List.of(warning);
  }

  /** Loads the stub class in the module's loader and constructs it. */
  static ModuleStub instantiate(ModuleClassLoader loader, String stubName, Path module) {
    Class<?> stubClass;
    try {
      stubClass = Class.forName(stubName, false, loader);
    } catch (ClassNotFoundException e) {
      throw new LoadException(
          LoadException.Reason.NO_STUB,
          module.toAbsolutePath()
              + " names the module stub "
              + stubName
              + " in "
              + ModuleStub.STUB_RESOURCE_DIRECTORY
              + " but lacks its class: the jar is incomplete; rebuild it");
    } catch (LinkageError e) {
      throw linkageFailure(module, stubName, e);
    }
    if (!ModuleStub.class.isAssignableFrom(stubClass)) {
      throw new LoadException(
          LoadException.Reason.VERSION_MISMATCH,
          stubName
              + " in "
              + module.toAbsolutePath()
              + " does not extend this runtime's "
              + ModuleStub.class.getName()
              + ": rebuild the module with relib-processor "
              + Relib.VERSION);
    }
    try {
      return (ModuleStub) stubClass.getDeclaredConstructor().newInstance();
    } catch (InvocationTargetException | LinkageError e) {
      throw linkageFailure(
          module, stubName, e instanceof InvocationTargetException ite ? ite.getCause() : e);
    } catch (ReflectiveOperationException e) {
      throw new LoadException(
          LoadException.Reason.VERSION_MISMATCH,
          stubName
              + " in "
              + module.toAbsolutePath()
              + " cannot be instantiated ("
              + e
              + "): rebuild the module with relib-processor "
              + Relib.VERSION,
          e);
    }
  }

  /** A module class that does not link against the host's classes was built against others. */
  static LoadException linkageFailure(Path module, String stubName, Throwable error) {
    ModuleException translated = ModuleException.translate(stubName, error);
    boolean missingClass = error instanceof NoClassDefFoundError;
    return new LoadException(
        missingClass ? LoadException.Reason.API_MISMATCH : LoadException.Reason.VERSION_MISMATCH,
        "the module stub "
            + stubName
            + " in "
            + module.toAbsolutePath()
            + " does not link against the host's classes ("
            + translated.getMessage()
            + "): "
            + (missingClass
                ? "it needs a class the host's API lacks; build the module against the host's API"
                : "rebuild the module with relib-processor "
                    + Relib.VERSION
                    + " against the host's API"),
        translated);
  }

  /**
   * Checks a stub against the host: the contract version it speaks, the exports interface it
   * declares, the API fingerprints it was compiled with, its state type, the imports it needs.
   */
  static void check(
      ModuleStub stub, Class<?> exportsType, Path module, Map<Class<?>, Object> provided) {
    String stubName = stub.getClass().getName();
    try {
      if (stub.contractVersion() != ModuleStub.CONTRACT_VERSION) {
        throw new LoadException(
            LoadException.Reason.VERSION_MISMATCH,
            module.toAbsolutePath()
                + " was built by relib-processor "
                + stub.relibVersion()
                + " for contract version "
                + stub.contractVersion()
                + ", but this runtime (relib "
                + Relib.VERSION
                + ") speaks contract version "
                + ModuleStub.CONTRACT_VERSION
                + ": rebuild the module with relib-processor "
                + Relib.VERSION);
      }
      Class<?> declared = stub.exportsType();
      if (declared != exportsType) {
        throw new LoadException(
            LoadException.Reason.WRONG_EXPORTS,
            module.toAbsolutePath()
                + " exports "
                + declared.getName()
                + ", not "
                + exportsType.getName()
                + ": load it with relib.module("
                + declared.getSimpleName()
                + ".class)");
      }
      checkFingerprints(stub.compiledFingerprints(), stub.hostFingerprints(), module);
      Class<?> state = stub.stateType();
      if (state != null && state.getClassLoader() == stub.getClass().getClassLoader()) {
        // A state of the module's own class would hold the old version's loader in the next.
        throw new LoadException(
            LoadException.Reason.API_MISMATCH,
            module.toAbsolutePath()
                + " keeps the state type "
                + state.getName()
                + ", a class of the module itself: the state passes from one version to the next,"
                + " so its type must come from the shared API; move "
                + state.getSimpleName()
                + " into the API");
      }
      Set<String> missing = new LinkedHashSet<>();
      for (Class<?> needed : stub.importTypes()) {
        if (!provided.containsKey(needed)) {
          missing.add(".provide(" + needed.getName() + ".class, implementation)");
        }
      }
      if (!missing.isEmpty()) {
        throw new LoadException(
            LoadException.Reason.MISSING_IMPORT,
            "module "
                + module.toAbsolutePath()
                + " needs imports the host did not provide: call "
                + String.join(" and ", missing)
                + " before load");
      }
    } catch (LinkageError e) {
      throw linkageFailure(module, stubName, e);
    }
  }

  private static void checkFingerprints(
      List<Fingerprint> compiled, List<Fingerprint> host, Path module) {
    StringBuilder differences = new StringBuilder();
    for (int i = 0; i < Math.max(compiled.size(), host.size()); i++) {
      Fingerprint theirs = i < compiled.size() ? compiled.get(i) : null;
      Fingerprint ours = i < host.size() ? host.get(i) : null;
      if (theirs != null && ours != null && theirs.hash().equals(ours.hash())) {
        continue;
      }
      String type = theirs != null ? theirs.type() : ours.type();
      differences.append("\n  ").append(type).append(':');
      appendMissing(differences, "only in the module's version", theirs, ours);
      appendMissing(differences, "only in the host's version", ours, theirs);
    }
    if (differences.length() > 0) {
      throw new LoadException(
          LoadException.Reason.API_MISMATCH,
          module.toAbsolutePath()
              + " was compiled against another version of the API:"
              + differences
              + "\nRebuild the module against the host's API, or run the host with the API the"
              + " module was built with");
    }
  }

  private static void appendMissing(
      StringBuilder text, String heading, Fingerprint from, Fingerprint other) {
    List<String> lines = new ArrayList<>(from == null ? List.of() : from.lines());
    if (other != null) {
      lines.removeAll(other.lines());
    }
    if (!lines.isEmpty()) {
      text.append("\n    ").append(heading).append(':');
      for (String line : lines) {
        text.append("\n      ").append(line);
      }
    }
  }
}
