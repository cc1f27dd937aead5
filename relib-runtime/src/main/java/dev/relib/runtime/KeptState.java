package dev.relib.runtime;

import dev.relib.bridge.Fingerprint;
import dev.relib.bridge.ModuleStub;
import java.util.List;

/**
 * The state a loaded module keeps across reloads, as its stub declares it: a class of the shared
 * API and fingerprints only, nothing of the module.
 *
 * @param type the state type
 * @param fingerprint its shape as the module was compiled against it
 * @param migrations the earlier state types the module migrates from, as it was compiled against
 *     them
 */
record KeptState(Class<?> type, Fingerprint fingerprint, List<Fingerprint> migrations) {
  KeptState {
    migrations = List.copyOf(migrations);
  }

  /** The stub's state, or null when the module keeps none. */
  static KeptState of(ModuleStub stub) {
    Class<?> type = stub.stateType();
    return type == null
        ? null
        : new KeptState(type, stub.stateFingerprint(), stub.migrationFingerprints());
  }
}
