package dev.relib.runtime;

import dev.relib.runtime.UnloadReport.Leak;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Says what may still hold a module's loader when the proof of collection failed. The default names
 * suspects from the unload's own findings; a heap-dump path search can take its place.
 */
interface HolderDiagnosis {
  /**
   * @param loader the loader, still reachable when this is called (do not keep it)
   * @param findings what the unload found on its way
   * @return suspects, most likely first, each a line of the report
   */
  List<String> suspects(WeakReference<ClassLoader> loader, UnloadReport.Draft findings);

  /** Names the findings that could hold the loader, then the causes no check can see. */
  HolderDiagnosis FROM_FINDINGS =
      (loader, findings) -> {
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
          suspects.add("a virtual thread running module code (not visible to the thread check)");
        }
        return suspects;
      };
}
