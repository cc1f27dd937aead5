package dev.relib.benchmarks.host.lifecycle;

import dev.relib.benchmarks.host.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows "load → first call" and "unload → loader proven collected": each subject in turn within each
 * repetition (A B C A B C …), so that drift of the machine hits all alike.
 */
final class LoadUnload {
  private LoadUnload() {}

  static Results run(List<Subject> subjects, int reps, String heap, String prefix) {
    int n = subjects.size();
    List<Stats> load = new ArrayList<>();
    List<Stats> total = new ArrayList<>();
    List<Stats> proof = new ArrayList<>();
    List<Stats> gcs = new ArrayList<>();
    int[] collected = new int[n];
    for (int i = 0; i < n; i++) {
      load.add(new Stats());
      total.add(new Stats());
      proof.add(new Stats());
      gcs.add(new Stats());
    }
    for (int rep = 0; rep < reps; rep++) {
      for (int i = 0; i < n; i++) {
        Subject subject = subjects.get(i);
        long start = System.nanoTime();
        int answer = subject.loadAndCall();
        load.get(i).addNanos(System.nanoTime() - start);
        if (answer != 2) {
          throw new IllegalStateException(subject.name() + " answered " + answer);
        }
        Subject.Unload unload = subject.unload(true);
        total.get(i).addNanos(unload.totalNanos());
        proof.get(i).addNanos(unload.proofNanos());
        gcs.get(i).add(unload.collections());
        if (unload.collected()) {
          collected[i]++;
        }
      }
    }
    Results results = new Results();
    Table loads = new Table("subject", "load → first call, ms: median / p90 (cold)", "median vs bare");
    for (int i = 0; i < n; i++) {
      loads.row(subjects.get(i).name(), load.get(i).cell(), Table.ratio(load.get(i).median(), load.get(0).median()));
    }
    results.line("#### Load → first call (" + heap + ", " + reps + " reps, first one cold)\n");
    results.line(loads);
    Table unloads =
        new Table(
            "subject",
            "unload → proven collected, ms: median / p90 (cold)",
            "proof alone (GC loop; relib: its collection step), ms",
            "GCs (median)",
            "collected");
    for (int i = 0; i < n; i++) {
      unloads.row(
          subjects.get(i).name(),
          total.get(i).cell(),
          proof.get(i).cell(),
          Table.fixed(gcs.get(i).median(), 0),
          collected[i] + "/" + reps);
    }
    results.line("#### Unload → loader proven collected (" + heap + ")\n");
    results.line(unloads);
    for (int i = 0; i < n; i++) {
      String key = prefix + "." + Lifecycle.key(subjects.get(i).name());
      results.put(key + ".load.median", load.get(i).median());
      results.put(key + ".load.p90", load.get(i).p90());
      results.put(key + ".unload.median", total.get(i).median());
      results.put(key + ".proof.median", proof.get(i).median());
      results.put(key + ".proof.p90", proof.get(i).p90());
      results.put(key + ".collected", collected[i]);
    }
    results.put(prefix + ".reps", reps);
    return results;
  }
}
