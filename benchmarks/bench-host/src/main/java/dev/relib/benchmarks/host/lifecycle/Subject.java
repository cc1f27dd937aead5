package dev.relib.benchmarks.host.lifecycle;

import dev.relib.benchmarks.api.Pf4jWork;
import dev.relib.benchmarks.api.Work;
import dev.relib.benchmarks.host.Subjects;
import dev.relib.runtime.LoadedModule;
import dev.relib.runtime.Relib;
import dev.relib.runtime.UnloadOptions;
import dev.relib.runtime.UnloadReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.pf4j.PluginManager;

/**
 * One way of loading the module jar, reduced to the two steps the harness times: load and make the
 * first call; unload (and, if asked, prove the loader collected). Each instance holds at most one
 * loaded copy at a time.
 */
abstract class Subject {
  /** The bound of every proof of collection. */
  static final Duration PROOF_TIMEOUT = Duration.ofSeconds(10);

  /** What an unload measured. */
  record Unload(long totalNanos, long proofNanos, boolean collected, int collections) {}

  private final String name;

  Subject(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Loads the module and calls it once; returns the call's result. */
  abstract int loadAndCall();

  /** Unloads what {@link #loadAndCall()} loaded, proving the loader collected if {@code prove}. */
  abstract Unload unload(boolean prove);

  static List<Subject> all(Path jar, Relib relib, PluginManager pf4j, Path pf4jJar) {
    return List.of(new Bare(jar), new RelibSubject(jar, relib), new Pf4j(pf4j, pf4jJar));
  }

  /** A bare {@link URLClassLoader}: create → loadClass → newInstance → call; close. */
  static final class Bare extends Subject {
    private final Path jar;
    private URLClassLoader loader;

    Bare(Path jar) {
      super("bare URLClassLoader");
      this.jar = jar;
    }

    @Override
    int loadAndCall() {
      loader = Subjects.bareLoader(jar);
      Work work = Subjects.direct(loader);
      return work.trivial(1);
    }

    @Override
    Unload unload(boolean prove) {
      long start = System.nanoTime();
      ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
      WeakReference<ClassLoader> ref = new WeakReference<>(loader, queue);
      try {
        loader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      loader = null;
      if (!prove) {
        return new Unload(System.nanoTime() - start, 0, false, 0);
      }
      GcLoop.Result proof = GcLoop.await(ref, queue, PROOF_TIMEOUT);
      return new Unload(System.nanoTime() - start, proof.nanos(), proof.collected(), proof.collections());
    }
  }

  /**
   * relib: {@code Relib.module(Work.class).load(jar)} → call; {@code unload()} with the proof awaited
   * (the default options), or with a zero collection timeout (no proof at all) when not proving.
   */
  static final class RelibSubject extends Subject {
    /** No proof: a zero collection timeout skips it (no background proof thread either). */
    static final UnloadOptions NO_PROOF = UnloadOptions.defaults().withCollectionTimeout(Duration.ZERO);

    private final Path jar;
    private final Relib relib;
    private LoadedModule<Work> module;
    UnloadReport lastReport;

    RelibSubject(Path jar, Relib relib) {
      super("relib");
      this.jar = jar;
      this.relib = relib;
    }

    @Override
    int loadAndCall() {
      module = relib.module(Work.class).load(jar);
      return module.exports().trivial(1);
    }

    @Override
    Unload unload(boolean prove) {
      long start = System.nanoTime();
      UnloadReport report =
          prove
              ? module.unload(UnloadOptions.defaults().withCollectionTimeout(PROOF_TIMEOUT))
              : module.unload(NO_PROOF);
      long total = System.nanoTime() - start;
      module = null;
      lastReport = report;
      boolean collected = report.collection() == UnloadReport.Collection.COLLECTED;
      String note = report.collectionNote();
      int collections = 0;
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("after (\\d+) GC").matcher(note);
      if (m.find()) {
        collections = Integer.parseInt(m.group(1));
      }
      if (prove && !collected) {
        System.err.println("relib: loader not collected:\n" + report);
      }
      return new Unload(
          total, report.timeOf(UnloadReport.Step.COLLECTION).toNanos(), collected, collections);
    }
  }

  /**
   * PF4J 3.15: loadPlugin → startPlugin → getExtensions → call; stopPlugin + unloadPlugin (one
   * plugin at a time: stopPlugins() throws ConcurrentModificationException in 3.15).
   */
  static final class Pf4j extends Subject {
    private final PluginManager manager;
    private final Path pluginJar;
    private String pluginId;

    Pf4j(PluginManager manager, Path pluginJar) {
      super("PF4J");
      this.manager = manager;
      this.pluginJar = pluginJar;
    }

    @Override
    int loadAndCall() {
      pluginId = manager.loadPlugin(pluginJar);
      manager.startPlugin(pluginId);
      List<Pf4jWork> extensions = manager.getExtensions(Pf4jWork.class, pluginId);
      if (extensions.size() != 1) {
        throw new IllegalStateException("PF4J found " + extensions.size() + " extensions");
      }
      return extensions.get(0).trivial(1);
    }

    @Override
    Unload unload(boolean prove) {
      long start = System.nanoTime();
      ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
      WeakReference<ClassLoader> ref =
          new WeakReference<>(manager.getPluginClassLoader(pluginId), queue);
      manager.stopPlugin(pluginId);
      if (!manager.unloadPlugin(pluginId)) {
        throw new IllegalStateException("PF4J did not unload " + pluginId);
      }
      pluginId = null;
      if (!prove) {
        return new Unload(System.nanoTime() - start, 0, false, 0);
      }
      GcLoop.Result proof = GcLoop.await(ref, queue, PROOF_TIMEOUT);
      return new Unload(System.nanoTime() - start, proof.nanos(), proof.collected(), proof.collections());
    }
  }
}
