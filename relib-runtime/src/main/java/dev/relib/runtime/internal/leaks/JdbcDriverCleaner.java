package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * JDBC drivers the module registered (README.md leak table, row 8). {@code DriverManager} shows a
 * caller only the drivers its own loader can see, so the host cannot even list the module's
 * drivers: the deregistration runs in {@link JdbcDriverRelease}, whose bytes are defined inside the
 * module's loader. Runs only when a class of the module referenced {@code java.sql}.
 */
final class JdbcDriverCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "JDBC driver";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) throws Exception {
    if (!(scope.loader() instanceof ModuleClassLoader loader)
        || !loader.references(ModuleClassLoader.Api.JDBC)) {
      return;
    }
    byte[] bytes;
    String name = JdbcDriverRelease.class.getName();
    try (InputStream in =
        JdbcDriverRelease.class.getResourceAsStream(
            JdbcDriverRelease.class.getSimpleName() + ".class")) {
      if (in == null) {
        throw new IOException("the runtime's jar lacks " + name);
      }
      bytes = in.readAllBytes();
    }
    Constructor<?> constructor = loader.defineHelper(name, bytes).getDeclaredConstructor();
    constructor.setAccessible(true);
    @SuppressWarnings("unchecked")
    Supplier<List<String>> release = (Supplier<List<String>>) constructor.newInstance();
    for (String driver : release.get()) {
      findings.accept(
          new Leak(kind(), "DriverManager", Leak.Outcome.CLEARED, driver + " deregistered"));
    }
  }
}
