package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.ResponseCache;
import java.security.NoSuchAlgorithmException;
import java.util.function.Consumer;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Process-wide defaults the module installed (README.md leak table, row 13), each found through its
 * public getter and replaced only when the current value is of a module class: {@code
 * Authenticator}, {@code ProxySelector}, {@code CookieHandler}, {@code ResponseCache} and the
 * default {@code HostnameVerifier} are put back to what the host had when the module was loaded;
 * the default {@code SSLContext} and {@code HttpsURLConnection}'s default socket factory go back to
 * the JDK's (looked at only when a class of the module referenced {@code javax.net.ssl}: reading
 * them initialises TLS). Set-once factories ({@code URL.setURLStreamHandlerFactory}, {@code
 * URLConnection.setContentHandlerFactory}) have no getter and cannot be reset.
 */
final class NetDefaultsCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "process-wide default";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) throws NoSuchAlgorithmException {
    HostDefaults host = scope.defaults();
    Authenticator authenticator = Authenticator.getDefault();
    if (isModule(scope, authenticator)) {
      Authenticator.setDefault(hostOrNull(scope, host.authenticator()));
      findings.accept(replaced("Authenticator.getDefault()", authenticator, "the host's"));
    }
    ProxySelector selector = ProxySelector.getDefault();
    if (isModule(scope, selector)) {
      ProxySelector.setDefault(hostOrNull(scope, host.proxySelector()));
      findings.accept(replaced("ProxySelector.getDefault()", selector, "the host's"));
    }
    CookieHandler cookies = CookieHandler.getDefault();
    if (isModule(scope, cookies)) {
      CookieHandler.setDefault(hostOrNull(scope, host.cookieHandler()));
      findings.accept(replaced("CookieHandler.getDefault()", cookies, "the host's"));
    }
    ResponseCache cache = ResponseCache.getDefault();
    if (isModule(scope, cache)) {
      ResponseCache.setDefault(hostOrNull(scope, host.responseCache()));
      findings.accept(replaced("ResponseCache.getDefault()", cache, "the host's"));
    }
    HostnameVerifier verifier = HttpsURLConnection.getDefaultHostnameVerifier();
    if (isModule(scope, verifier)) {
      HostnameVerifier previous = host.hostnameVerifier();
      if (previous == null || scope.isModuleClass(previous.getClass())) {
        findings.accept(
            new Leak(
                kind(),
                "HttpsURLConnection.getDefaultHostnameVerifier()",
                Leak.Outcome.REPORTED,
                verifier.getClass().getName() + " kept: no verifier of the host to put back"));
      } else {
        HttpsURLConnection.setDefaultHostnameVerifier(previous);
        findings.accept(
            replaced("HttpsURLConnection.getDefaultHostnameVerifier()", verifier, "the host's"));
      }
    }
    if (scope.loader() instanceof ModuleClassLoader loader
        && loader.references(ModuleClassLoader.Api.SSL)) {
      cleanTls(scope, findings);
    }
  }

  private void cleanTls(CleanupScope scope, Consumer<Leak> findings)
      throws NoSuchAlgorithmException {
    SSLContext context = SSLContext.getDefault();
    if (isModule(scope, context) || isModule(scope, context.getProvider())) {
      // The JDK's default context, as SSLContext.getDefault() makes it when none was set.
      SSLContext.setDefault(SSLContext.getInstance("Default"));
      findings.accept(replaced("SSLContext.getDefault()", context, "the JDK's"));
    }
    SSLSocketFactory factory = HttpsURLConnection.getDefaultSSLSocketFactory();
    if (isModule(scope, factory)) {
      HttpsURLConnection.setDefaultSSLSocketFactory(SSLContext.getDefault().getSocketFactory());
      findings.accept(
          replaced("HttpsURLConnection.getDefaultSSLSocketFactory()", factory, "the JDK's"));
    }
  }

  private static boolean isModule(CleanupScope scope, Object value) {
    return value != null && scope.isModuleClass(value.getClass());
  }

  private static <T> T hostOrNull(CleanupScope scope, T previous) {
    return previous == null || scope.isModuleClass(previous.getClass()) ? null : previous;
  }

  private Leak replaced(String where, Object value, String by) {
    return new Leak(
        kind(), where, Leak.Outcome.CLEARED, value.getClass().getName() + " replaced by " + by);
  }
}
