package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import java.security.Provider;
import java.security.Security;
import java.util.function.Consumer;

/** Security providers of module classes (README.md leak table, row 12), removed by public API. */
final class SecurityProviderCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "security provider";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) {
    for (Provider provider : Security.getProviders()) {
      if (scope.isModuleClass(provider.getClass())) {
        Security.removeProvider(provider.getName());
        findings.accept(
            new Leak(
                kind(),
                "java.security.Security",
                Leak.Outcome.CLEARED,
                "provider " + provider.getName() + " removed"));
      }
    }
  }
}
