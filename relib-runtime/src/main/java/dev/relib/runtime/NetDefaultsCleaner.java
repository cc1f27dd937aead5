package dev.relib.runtime;

import dev.relib.runtime.UnloadReport.Leak;
import java.net.Authenticator;
import java.net.ProxySelector;
import java.util.function.Consumer;

/**
 * A default {@code Authenticator} or {@code ProxySelector} the module installed (LEAKS.md row 13):
 * put back to what the host had when the module was loaded.
 */
final class NetDefaultsCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "process-wide default";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) {
    Authenticator authenticator = Authenticator.getDefault();
    if (authenticator != null && scope.isModuleClass(authenticator.getClass())) {
      Authenticator previous = scope.defaults().authenticator();
      Authenticator.setDefault(
          previous == null || scope.isModuleClass(previous.getClass()) ? null : previous);
      findings.accept(
          new Leak(
              kind(),
              "Authenticator.getDefault()",
              Leak.Outcome.CLEARED,
              authenticator.getClass().getName() + " replaced by the host's"));
    }
    ProxySelector selector = ProxySelector.getDefault();
    if (selector != null && scope.isModuleClass(selector.getClass())) {
      ProxySelector previous = scope.defaults().proxySelector();
      ProxySelector.setDefault(
          previous == null || scope.isModuleClass(previous.getClass()) ? null : previous);
      findings.accept(
          new Leak(
              kind(),
              "ProxySelector.getDefault()",
              Leak.Outcome.CLEARED,
              selector.getClass().getName() + " replaced by the host's"));
    }
  }
}
