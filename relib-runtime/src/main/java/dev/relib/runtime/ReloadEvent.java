package dev.relib.runtime;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What happens to a {@link LiveModule}, as its listeners hear it. Versions count the loads of the
 * module from 1, failed attempts included, so a version number names one attempt; {@link
 * Reloaded#loader()} names the class loader a version got, which reports and stack traces show.
 */
public sealed interface ReloadEvent {
  /** The live module's name. */
  String module();

  /** The version the event is about. */
  int version();

  /**
   * An attempt at a version: {@link LiveModule#reload()} was called, and loading begins; or a
   * change settled on disk and was loaded, announced once the load is known not to wait for the
   * build (see {@link LiveModule#BUILD_GRACE}), just before its {@link Reloaded} or {@link
   * Failed}. Every Started is followed by one of them, or, when the live module closes while
   * that version loads, by the version's {@link Unloaded}.
   */
  record Started(String module, int version, Path source) implements ReloadEvent {
    @Override
    public String toString() {
      return module + ": loading version " + version + " from " + source;
    }
  }

  /**
   * The new version loaded and now serves every new call.
   *
   * @param loader the name of the new version's class loader, as stack traces and unload reports
   *     show it: {@code relib:<module>#<n>}, where n counts the loads of the whole runtime, not
   *     this module's versions
   * @param loadTime reading, checking and constructing the new version
   * @param switchTime from the start of the load until new calls went to the new version
   * @param state what became of the old version's state ({@code dev.relib.KeepsState})
   * @param stateNote why the new version started fresh, or the empty string
   */
  record Reloaded(
      String module,
      int version,
      String loader,
      Duration loadTime,
      Duration switchTime,
      StateOutcome state,
      String stateNote)
      implements ReloadEvent {
    @Override
    public String toString() {
      return String.format(
              "%s: version %d serves (loader %s; loaded in %.1f ms, switched after %.1f ms)",
              module, version, loader, loadTime.toNanos() / 1e6, switchTime.toNanos() / 1e6)
          + switch (state) {
            case NONE -> "";
            case KEPT -> ", state kept";
            case MIGRATED -> ", state migrated";
            case STARTED_FRESH -> ", started fresh: " + stateNote;
          };
    }
  }

  /** What became of a live module's state at a reload. */
  enum StateOutcome {
    /** The old version kept no state. */
    NONE,
    /** The new version received the old version's state. */
    KEPT,
    /** The new version received the old version's state through its migration. */
    MIGRATED,
    /**
     * The state could not be handed over and the host chose {@link StatePolicy#START_FRESH}: the
     * new version serves from its constructor; the note says why.
     */
    STARTED_FRESH
  }

  /** The new version did not load; the version before it keeps serving. */
  record Failed(String module, int version, LoadException cause) implements ReloadEvent {
    @Override
    public String toString() {
      return module
          + ": version "
          + version
          + " did not load, the previous version keeps serving: "
          + cause.getMessage();
    }
  }

  /** A replaced version was unloaded once the calls it was serving had finished. */
  record Unloaded(String module, int version, UnloadReport report) implements ReloadEvent {
    @Override
    public String toString() {
      return module
          + ": version "
          + version
          + " unloaded in "
          + report.totalTime().toMillis()
          + " ms, loader "
          + report.collection().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }
}
