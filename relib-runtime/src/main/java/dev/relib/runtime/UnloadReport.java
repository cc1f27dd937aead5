package dev.relib.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an unload did: each step with its time and findings, the threads found running module code,
 * the leaks cleared or only reported, the checks skipped (with the flag that enables them), and
 * whether the module's class loader was proven collected. Immutable. {@link #toString()} is the
 * plain-text report a user reads.
 */
public final class UnloadReport {
  // Long, as a public value type: its parts (steps, threads, leaks, holder) with a documented
  // accessor each, the plain-text rendering a user reads (tests pin it line by line), and the
  // Draft an unload fills in, which builds it.
  /** The steps of an unload, in the order they run. */
  public enum Step {
    STOP_CALLS("stop new calls"),
    DRAIN("drain calls"),
    BEFORE_UNLOAD("@BeforeUnload"),
    THREADS("module threads"),
    LEAKS("clear leaks"),
    CLOSE("close loader"),
    COLLECTION("collection proof");

    private final String title;

    Step(String title) {
      this.title = title;
    }

    /** How the report names the step. */
    public String title() {
      return title;
    }
  }

  /** Whether the module's class loader was garbage collected after the unload. */
  public enum Collection {
    /** The loader's weak reference was cleared: nothing holds the module any more. */
    COLLECTED,
    /** Still reachable after the collection timeout: something holds it (see suspects). */
    NOT_COLLECTED,
    /** The proof could not be made or was not asked for (see the collection note). */
    UNKNOWN,
    /** The proof runs in the background: {@link LoadedModule#collectionProof()} gives its end. */
    PENDING
  }

  /**
   * One step as it ran.
   *
   * @param step which step
   * @param duration how long it took
   * @param summary what it did or found, in a few words
   */
  public record StepResult(Step step, Duration duration, String summary) {
    public StepResult {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(summary, "summary");
    }
  }

  /**
   * A live thread that runs module code, or was still inside a call when the drain gave up.
   *
   * @param name the thread's name
   * @param state its state when found
   * @param daemon whether it is a daemon thread
   * @param why why it counts as the module's: in a call, running module code, a thread class of the
   *     module
   * @param topFrames its topmost stack frames, module frames first
   */
  public record ModuleThread(
      String name, Thread.State state, boolean daemon, String why, List<String> topFrames) {
    public ModuleThread {
      topFrames = List.copyOf(topFrames);
    }
  }

  /**
   * One finding of the leak step.
   *
   * @param kind what sort of reference: "thread-local", "shutdown hook", "JDBC driver", ...
   * @param where where it was: a thread, a logger, a registry
   * @param outcome what the runtime did about it
   * @param detail what was found, or the flag that enables a skipped check, or why a cure failed
   */
  public record Leak(String kind, String where, Outcome outcome, String detail) {
    /** What the runtime did about a leak. */
    public enum Outcome {
      /** Removed: it no longer holds the module. */
      CLEARED,
      /** Seen but not removable by the runtime; it may keep the loader alive. */
      REPORTED,
      /** Not checked: the check needs access the JVM was not started with. */
      SKIPPED,
      /** The check or its cure threw; the detail says what. */
      FAILED
    }

    public Leak {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * What a heap dump showed holds the module's loader, when it was not collected.
   *
   * @param found what the search found
   * @param path the chain of references, from a GC root (a thread, a static field, a JNI global
   *     reference, ...) through each field or array slot to the loader; empty unless a chain was
   *     found
   * @param time how long the dump and its analysis took
   * @param dumpTime how long the dump took, part of {@code time}
   * @param dumpBytes the size of the heap dump, 0 if none was written
   * @param note why there is no answer, or where the dump was kept; empty if neither
   */
  public record Holder(
      Found found,
      List<String> path,
      Duration time,
      Duration dumpTime,
      long dumpBytes,
      String note) {
    /** What the heap-dump search found. */
    public enum Found {
      /** A chain of strong references holds the loader: a leak. */
      PATH,
      /**
       * Only a chain through a {@link java.lang.ref.SoftReference} holds it: not a leak, the loader
       * goes under memory pressure.
       */
      SOFT_PATH,
      /**
       * No chain in the dump: held through fields of a {@code Class} object (a {@code ClassValue}),
       * which heap dumps do not show, by the compiled code of a host method still running that
       * inlined module code, or by a VM-internal root.
       */
      NO_PATH,
      /** The loader was collected while the heap was dumped: nothing held it any more. */
      COLLECTED,
      /** No dump or no analysis (disabled, no jdk.management, no disk space, timeout, error). */
      NOT_DIAGNOSED
    }

    public Holder {
      Objects.requireNonNull(found, "found");
      path = List.copyOf(path);
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(dumpTime, "dumpTime");
      Objects.requireNonNull(note, "note");
    }
  }

  private final String moduleName;
  private final String loaderName;
  private final boolean completed;
  private final String stoppedBecause;
  private final List<StepResult> steps;
  private final List<ModuleThread> threads;
  private final List<Leak> leaks;
  private final Collection collection;
  private final String collectionNote;
  private final List<String> suspects;
  private final Holder holder;
  private final List<String> notes;

  private UnloadReport(Draft draft) {
    this.moduleName = draft.moduleName;
    this.loaderName = draft.loaderName;
    this.completed = draft.stoppedBecause == null;
    this.stoppedBecause = draft.stoppedBecause;
    this.steps = List.copyOf(draft.steps);
    this.threads = List.copyOf(draft.threads);
    this.leaks = List.copyOf(draft.leaks);
    this.collection = draft.collection;
    this.collectionNote = draft.collectionNote;
    this.suspects = List.copyOf(draft.suspects);
    this.holder = draft.holder;
    this.notes = List.copyOf(draft.notes);
  }

  /** The module's name. */
  public String moduleName() {
    return moduleName;
  }

  /** The name of the module's class loader, as stack frames and heap dumps show it. */
  public String loaderName() {
    return loaderName;
  }

  /** Whether the unload ran to its end and closed the loader; false when it stopped early. */
  public boolean completed() {
    return completed;
  }

  /** The steps that ran, in order, including those of an earlier, failed attempt. */
  public List<StepResult> steps() {
    return steps;
  }

  /** The time of one step, if it ran. */
  public Duration timeOf(Step step) {
    for (StepResult result : steps) {
      if (result.step() == step) {
        return result.duration();
      }
    }
    return Duration.ZERO;
  }

  /** The sum of the steps' times. */
  public Duration totalTime() {
    Duration total = Duration.ZERO;
    for (StepResult result : steps) {
      total = total.plus(result.duration());
    }
    return total;
  }

  /** Threads found in a call or running module code. */
  public List<ModuleThread> threads() {
    return threads;
  }

  /** Every finding of the leak step, including skipped checks and failed cures. */
  public List<Leak> leaks() {
    return leaks;
  }

  /** The leaks of one outcome. */
  public List<Leak> leaks(Leak.Outcome outcome) {
    List<Leak> selected = new ArrayList<>();
    for (Leak leak : leaks) {
      if (leak.outcome() == outcome) {
        selected.add(leak);
      }
    }
    return List.copyOf(selected);
  }

  /** The checks that did not run; each detail names the JVM flag that enables it. */
  public List<Leak> skippedChecks() {
    return leaks(Leak.Outcome.SKIPPED);
  }

  /** Whether the module's class loader was proven collected. */
  public Collection collection() {
    return collection;
  }

  /** How the proof went: the number of GCs, or why it could not be made. */
  public String collectionNote() {
    return collectionNote;
  }

  /** When the loader was not collected: what may still hold it. */
  public List<String> suspects() {
    return suspects;
  }

  /**
   * When the loader was not collected and a heap dump was asked for ({@link
   * UnloadOptions#heapDump()}): what the dump showed holds it.
   */
  public Optional<Holder> holder() {
    return Optional.ofNullable(holder);
  }

  /** Remarks: limits of the checks, what {@code @BeforeUnload} threw, earlier attempts. */
  public List<String> notes() {
    return notes;
  }

  /** The plain-text report. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    text.append("Unload of module '").append(moduleName).append("' (loader ").append(loaderName);
    if (completed) {
      text.append("): done in ").append(millis(totalTime()));
      text.append(", class loader ").append(collectionHeadline()).append('\n');
    } else {
      text.append("): STOPPED, ").append(stoppedBecause).append('\n');
    }
    for (StepResult step : steps) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %d. %-18s %9s  %s%n",
              step.step().ordinal() + 1,
              step.step().title(),
              millis(step.duration()),
              step.summary()));
    }
    if (!threads.isEmpty()) {
      text.append("Threads running module code:\n");
      for (ModuleThread thread : threads) {
        text.append("  \"").append(thread.name()).append("\" (").append(thread.state());
        text.append(thread.daemon() ? ", daemon" : "").append("): ").append(thread.why());
        text.append('\n');
        for (String frame : thread.topFrames()) {
          text.append("      at ").append(frame).append('\n');
        }
      }
    }
    if (!leaks.isEmpty()) {
      text.append("Leaks:\n");
      for (Leak leak : leaks) {
        text.append(
            String.format(
                Locale.ROOT,
                "  %-8s %s, %s: %s%n",
                leak.outcome().name().toLowerCase(Locale.ROOT),
                leak.kind(),
                leak.where(),
                leak.detail()));
      }
    }
    if (holder != null) {
      appendHolder(text);
    }
    if (!suspects.isEmpty()) {
      text.append(
          holder != null && holder.found() == Holder.Found.PATH
              ? "Other suspects:\n"
              : "What may still hold the loader:\n");
      for (String suspect : suspects) {
        text.append("  - ").append(suspect).append('\n');
      }
    }
    if (!notes.isEmpty()) {
      text.append("Notes:\n");
      for (String note : notes) {
        text.append("  - ").append(note).append('\n');
      }
    }
    return text.toString();
  }

  private void appendHolder(StringBuilder text) {
    String cost =
        holder.dumpBytes() > 0
            ? String.format(
                Locale.ROOT,
                "heap dump of %.1f MB in %s, analysed in %s",
                holder.dumpBytes() / (1024.0 * 1024.0),
                millis(holder.dumpTime()),
                millis(holder.time().minus(holder.dumpTime())))
            : millis(holder.time());
    switch (holder.found()) {
      case PATH -> text.append("What holds the loader (").append(cost).append("):\n");
      case SOFT_PATH ->
          text.append("The loader is only softly reachable, not leaked: it goes under memory")
              .append(" pressure (")
              .append(cost)
              .append("):\n");
      case NO_PATH ->
          text.append("What holds the loader: no strong path found in the heap dump (")
              .append(cost)
              .append("): held through a Class object's own fields (a ClassValue), a")
              .append(" running compiled frame that inlined module code, or a VM-internal")
              .append(" root\n");
      case COLLECTED ->
          text.append("What holds the loader: nothing, it was collected while the heap was")
              .append(" dumped (")
              .append(cost)
              .append(")\n");
      case NOT_DIAGNOSED -> text.append("What holds the loader: not diagnosed\n");
    }
    for (int i = 0; i < holder.path().size(); i++) {
      text.append(i == 0 ? "    " : "  → ").append(holder.path().get(i)).append('\n');
    }
    if (!holder.note().isEmpty()) {
      text.append("  (").append(holder.note()).append(")\n");
    }
  }

  private String collectionHeadline() {
    switch (collection) {
      case COLLECTED:
        return "collected";
      case NOT_COLLECTED:
        return "NOT collected";
      case PENDING:
        return "collection pending";
      default:
        return "collection unknown";
    }
  }

  private static String millis(Duration duration) {
    return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
  }

  /** The report while an unload fills it in. Not thread-safe: one unload owns it. */
  static final class Draft {
    private final String moduleName;
    private final String loaderName;
    private final List<StepResult> steps = new ArrayList<>();
    private final List<ModuleThread> threads = new ArrayList<>();
    private final List<Leak> leaks = new ArrayList<>();
    private final List<String> suspects = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String stoppedBecause;
    private Collection collection = Collection.UNKNOWN;
    private String collectionNote = "not checked";
    private Holder holder;

    Draft(String moduleName, String loaderName) {
      this.moduleName = moduleName;
      this.loaderName = loaderName;
    }

    /** A draft that continues a failed attempt: the steps that completed then are kept. */
    static Draft resuming(UnloadReport failed, Step firstAgain) {
      Draft draft = new Draft(failed.moduleName, failed.loaderName);
      for (StepResult step : failed.steps) {
        if (step.step().compareTo(firstAgain) < 0) {
          draft.steps.add(step);
        }
      }
      draft.notes.add(
          "resumed after an attempt that stopped: steps before '"
              + firstAgain.title()
              + "' ran in that attempt");
      return draft;
    }

    /** An independent copy, for a proof that goes on after the report was handed out. */
    Draft copy() {
      Draft copy = new Draft(moduleName, loaderName);
      copy.steps.addAll(steps);
      copy.threads.addAll(threads);
      copy.leaks.addAll(leaks);
      copy.suspects.addAll(suspects);
      copy.notes.addAll(notes);
      copy.stoppedBecause = stoppedBecause;
      copy.collection = collection;
      copy.collectionNote = collectionNote;
      copy.holder = holder;
      return copy;
    }

    void step(Step step, long startNanos, String summary) {
      steps.add(new StepResult(step, Duration.ofNanos(System.nanoTime() - startNanos), summary));
    }

    void thread(ModuleThread thread) {
      threads.add(thread);
    }

    void leak(Leak leak) {
      leaks.add(leak);
    }

    List<Leak> leaks() {
      return leaks;
    }

    List<ModuleThread> threads() {
      return threads;
    }

    void note(String note) {
      notes.add(note);
    }

    String loaderName() {
      return loaderName;
    }

    String moduleName() {
      return moduleName;
    }

    void holder(Holder holder) {
      this.holder = holder;
    }

    Holder holder() {
      return holder;
    }

    void suspect(String suspect) {
      suspects.add(suspect);
    }

    void collection(Collection collection, String note) {
      this.collection = collection;
      this.collectionNote = note;
    }

    UnloadReport stopped(String because) {
      stoppedBecause = because;
      return new UnloadReport(this);
    }

    UnloadReport done() {
      return new UnloadReport(this);
    }
  }
}
