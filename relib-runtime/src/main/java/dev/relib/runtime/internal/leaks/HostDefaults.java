package dev.relib.runtime.internal.leaks;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.ResponseCache;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;

/**
 * The process-wide defaults a module may replace, as they were when it was loaded: what to put back
 * when the module's replacement is found at unload. Only defaults that are cheap to read are kept:
 * reading the TLS socket factory or context initialises TLS.
 */
public record HostDefaults(
    Authenticator authenticator,
    ProxySelector proxySelector,
    CookieHandler cookieHandler,
    ResponseCache responseCache,
    HostnameVerifier hostnameVerifier) {
  public static HostDefaults capture() {
    return new HostDefaults(
        Authenticator.getDefault(),
        ProxySelector.getDefault(),
        CookieHandler.getDefault(),
        ResponseCache.getDefault(),
        HttpsURLConnection.getDefaultHostnameVerifier());
  }
}
