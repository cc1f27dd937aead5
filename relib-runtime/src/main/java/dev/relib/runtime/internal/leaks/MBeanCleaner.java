package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import java.util.function.Consumer;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * MBeans of module classes in any MBean server created so far (README.md leak table, row 9),
 * unregistered by public API. Servers are found, never created: looking must not start the platform
 * MBean server.
 */
final class MBeanCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "MBean";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) throws Exception {
    for (MBeanServer server : MBeanServerFactory.findMBeanServer(null)) {
      for (ObjectName name : server.queryNames(null, null)) {
        try {
          if (server.getClassLoaderFor(name) == scope.loader()) {
            server.unregisterMBean(name);
            findings.accept(
                new Leak(
                    kind(),
                    "MBean server " + server.getDefaultDomain(),
                    Leak.Outcome.CLEARED,
                    name + " unregistered"));
          }
        } catch (InstanceNotFoundException e) {
          // Unregistered by someone else since the query: nothing left to do.
        }
      }
    }
  }
}
