package dev.relib.runtime;

import java.net.Authenticator;
import java.net.ProxySelector;

/**
 * The process-wide defaults a module may replace, as they were when it was loaded: what to put back
 * when the module's replacement is found at unload.
 */
record HostDefaults(Authenticator authenticator, ProxySelector proxySelector) {
  static HostDefaults capture() {
    return new HostDefaults(Authenticator.getDefault(), ProxySelector.getDefault());
  }
}
