package dev.relib.runtime;

import dev.relib.runtime.UnloadReport.Leak;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Says what may still hold a module's loader when the proof of collection failed: suspects from the
 * unload's own findings, and, unless the options turn it off, the path a heap dump shows.
 */
interface HolderDiagnosis {
  /**
   * Adds to the draft what may hold the loader.
   *
   * @param loader the loader, still reachable when this is called (do not keep it)
   * @param draft what the unload found on its way; receives suspects and the holder
   * @param options the unload's options
   */
  void diagnose(
      WeakReference<ClassLoader> loader, UnloadReport.Draft draft, UnloadOptions options);

  /** Names the findings that could hold the loader, then the causes no check can see. */
  HolderDiagnosis FROM_FINDINGS =
      (loader, draft, options) -> suspects(draft).forEach(draft::suspect);

  /** The suspects, then the heap dump's answer when the options ask for one. */
  HolderDiagnosis HEAP_DUMP =
      (loader, draft, options) -> {
        FROM_FINDINGS.diagnose(loader, draft, options);
        if (options.heapDump()) {
          draft.holder(
              HeapDumpDiagnosis.diagnoseOffThread(draft.moduleName(), draft.loaderName(), options));
        }
      };

  /** Suspects, most likely first, each a line of the report. */
  static List<String> suspects(UnloadReport.Draft findings) {
    List<String> suspects = new ArrayList<>();
    for (UnloadReport.ModuleThread thread : findings.threads()) {
      suspects.add("thread \"" + thread.name() + "\", which " + thread.why());
    }
    for (Leak leak : findings.leaks()) {
      if (leak.outcome() != Leak.Outcome.CLEARED) {
        String outcome = leak.outcome().name().toLowerCase(Locale.ROOT);
        suspects.add(
            leak.kind() + " (" + leak.where() + "): " + outcome + ", " + leak.detail());
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
    if (Runtime.version().feature() >= 21) {
      suspects.add(
          "a virtual thread running module code: listed only when the module's own classes start"
              + " virtual threads");
    }
    return suspects;
  }
}
