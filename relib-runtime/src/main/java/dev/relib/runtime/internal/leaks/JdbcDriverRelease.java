package dev.relib.runtime.internal.leaks;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Deregisters the JDBC drivers of the loader that defines this class. Never used from the runtime's
 * own loader: {@link JdbcDriverCleaner} defines these bytes inside a module's loader, so that
 * {@code DriverManager}, which answers according to its caller's loader, shows the module's
 * drivers. It may reference JDK classes only: nothing else of the runtime is visible there.
 */
final class JdbcDriverRelease implements Supplier<List<String>> {
  JdbcDriverRelease() {}

  @Override
  public List<String> get() {
    ClassLoader own = JdbcDriverRelease.class.getClassLoader();
    List<String> released = new ArrayList<>();
    // Twice, as Tomcat does: the first getDrivers() may load and register more drivers.
    for (int pass = 0; pass < 2; pass++) {
      for (Enumeration<Driver> drivers = DriverManager.getDrivers(); drivers.hasMoreElements(); ) {
        Driver driver = drivers.nextElement();
        if (driver.getClass().getClassLoader() == own) {
          try {
            DriverManager.deregisterDriver(driver);
            released.add(driver.getClass().getName());
          } catch (SQLException e) {
            throw new IllegalStateException("cannot deregister " + driver.getClass().getName(), e);
          }
        }
      }
    }
    return released;
  }
}
