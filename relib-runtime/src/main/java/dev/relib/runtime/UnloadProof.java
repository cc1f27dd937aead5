package dev.relib.runtime;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.UnloadReport.Draft;
import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.UnloadReport.Step;
import dev.relib.runtime.internal.heap.CollectionProof;
import dev.relib.runtime.internal.heap.HeapDumpDiagnosis;
import dev.relib.runtime.internal.heap.HolderCure;
import dev.relib.runtime.internal.leaks.ThreadLocalCleaner;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The last step of an unload: proves the closed module's loader collected, or says what may hold it
 * (the unload's own findings, then the path a heap dump shows), undoes that path where the runtime
 * safely can and proves again.
 */
final class UnloadProof {
  private final WeakReference<ClassLoader> loader;
  private final ReferenceQueue<ClassLoader> collected;
  private final Supplier<String> heldBy;
  private final ClassLoader hostLoader;

  /**
   * @param loader the closed loader, registered with {@code collected}
   * @param heldBy what is known to hold it while the proof runs, or null
   */
  UnloadProof(
      WeakReference<ClassLoader> loader,
      ReferenceQueue<ClassLoader> collected,
      Supplier<String> heldBy,
      ClassLoader hostLoader) {
    this.loader = loader;
    this.collected = collected;
    this.heldBy = heldBy;
    this.hostLoader = hostLoader;
  }

  void run(Draft draft, UnloadOptions options) {
    long start = System.nanoTime();
    Duration timeout = options.collectionTimeout();
    if (timeout.isZero()) {
      draft.collection(Collection.UNKNOWN, "not checked: the collection timeout is zero");
      draft.step(Step.COLLECTION, start, "skipped");
      return;
    }
    String impossible = CollectionProof.impossibleBecause().orElse(null);
    if (impossible != null) {
      draft.collection(Collection.UNKNOWN, impossible);
      draft.step(Step.COLLECTION, start, "impossible: " + impossible);
      return;
    }
    CollectionProof.Result result;
    try {
      result = CollectionProof.await(loader, collected, timeout, heldBy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      draft.collection(Collection.UNKNOWN, "interrupted while proving collection");
      draft.step(Step.COLLECTION, start, "interrupted");
      return;
    }
    if (result.collected()) {
      collected(draft, start, "collected after " + result.collections() + " GC(s)");
    } else {
      String note =
          result.heldBy() != null
              ? "held: "
                  + result.heldBy()
                  + "; the proof stopped after "
                  + result.collections()
                  + " GC(s) in "
                  + result.elapsed().toMillis()
                  + " ms instead of running to its timeout"
              : "still reachable after "
                  + result.collections()
                  + " GC(s) in "
                  + result.elapsed().toMillis()
                  + " ms";
      draft.collection(Collection.NOT_COLLECTED, note);
      draft.step(Step.COLLECTION, start, note);
      suspects(draft).forEach(draft::suspect);
      if (options.heapDump()) {
        draft.holder(
            HeapDumpDiagnosis.diagnoseOffThread(draft.moduleName(), draft.loaderName(), options));
      }
      cureFromDiagnosis(draft, options);
    }
  }

  /**
   * The loader is gone: so are the module's thread-locals, whose stale values the threads that set
   * them still hold until they expunge them; they are freed now.
   */
  private static void collected(Draft draft, long start, String note) {
    ThreadLocalCleaner.freeStale().forEach(draft::leak);
    draft.collection(Collection.COLLECTED, note);
    draft.step(Step.COLLECTION, start, note);
  }

  /**
   * Where the heap dump's path runs through something the runtime can safely undo, undoes it and
   * proves again; where it runs through something only the module can release, names the call.
   */
  private void cureFromDiagnosis(Draft draft, UnloadOptions options) {
    UnloadReport.Holder holder = draft.holder();
    if (holder == null || holder.path().isEmpty()) {
      return;
    }
    HolderCure.Outcome outcome = HolderCure.cure(holder.path(), hostLoader);
    if (outcome == null) {
      return;
    }
    if (!outcome.cured()) {
      draft.suspect("what releases the holder: " + outcome.text());
      return;
    }
    draft.leak(new Leak("heap path", holder.path().get(0), Leak.Outcome.CLEARED, outcome.text()));
    long start = System.nanoTime();
    CollectionProof.Result again;
    try {
      again = CollectionProof.await(loader, collected, options.collectionTimeout(), heldBy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (again.collected()) {
      String note =
          "collected after the runtime undid what the heap dump showed ("
              + outcome.text()
              + "), "
              + again.collections()
              + " GC(s) later";
      collected(draft, start, note);
    } else {
      draft.note(
          "the runtime undid what the heap dump showed ("
              + outcome.text()
              + "), yet the loader is still reachable");
    }
  }

  /**
   * What could hold the loader, most likely first, each a line of the report: the unload's own
   * findings, then the causes no check can see.
   */
  static List<String> suspects(Draft findings) {
    List<String> suspects = new ArrayList<>();
    for (UnloadReport.ModuleThread thread : findings.threads()) {
      suspects.add("thread \"" + thread.name() + "\", which " + thread.why());
    }
    for (Leak leak : findings.leaks()) {
      if (leak.outcome() != Leak.Outcome.CLEARED) {
        String outcome = leak.outcome().name().toLowerCase(Locale.ROOT);
        suspects.add(leak.kind() + " (" + leak.where() + "): " + outcome + ", " + leak.detail());
      }
    }
    suspects.add(
        "an object of a module class that the host keeps: a value stored from a @Borrowed"
            + " parameter or a callback, a host static or cache");
    suspects.add(
        "a cache keyed by a JDK or host class: a ClassValue computed by the module, a host"
            + " MethodHandle the module adapted with asType (JDK 17), a library's cache");
    suspects.add(
        "a soft reference only (e.g. a JDK cache): it goes under memory pressure; run with"
            + " -XX:SoftRefLRUPolicyMSPerMB=0 to tell");
    suspects.add(
        "a host method still running that the JIT compiled with module code inlined, such as a"
            + " loop that called the module before the unload and goes on calling another version:"
            + " a running compiled frame keeps the classes it inlined, which no heap dump shows;"
            + " the loader goes once that method returns");
    if (Runtime.version().feature() >= 21) {
      suspects.add(
          "a virtual thread running module code: listed only when the module's own classes start"
              + " virtual threads");
    }
    return suspects;
  }
}
