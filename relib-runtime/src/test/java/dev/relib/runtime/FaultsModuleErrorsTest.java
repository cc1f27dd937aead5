package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors thrown by a module's exports. A throwing constructor is covered by
 * LoadTest.reportsAThrowingConstructorAndLoadsAgainAfterwards, a throwing or hanging
 * {@code @BeforeUnload} by UnloadTest.reportsABeforeUnloadThatThrowsAndStillUnloads and
 * UnloadTest.aHangingBeforeUnloadIsReportedAndItsThreadNamed.
 */
class FaultsModuleErrorsTest {
  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final Fixtures.RecordingLog log = new Fixtures.RecordingLog();

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  private static final String ERRORS =
      """
      if (command.equals("recurse")) {
        return "" + depth(0);
      }
      if (command.equals("allocate")) {
        long[] huge = new long[Integer.MAX_VALUE - 8];
        return "allocated " + huge.length;
      }
      return "ran " + command;
      """;

  private static final String DEPTH = "static int depth(int n) { return depth(n + 1) + 1; }";

  private LoadedModule<Greeter> load(String name) {
    return relib
        .module(Greeter.class)
        .provide(HostLog.class, log)
        .load(TestModules.greeter(ERRORS, DEPTH).jarTo(dir.resolve(name + ".jar")));
  }

  @Test
  void aStackOverflowReachesTheHostAsModuleExceptionAndTheModuleKeepsWorking() {
    LoadedModule<Greeter> module = load("recursive");

    ModuleException e =
        assertThrows(ModuleException.class, () -> module.exports().run("recurse"));

    assertEquals("java.lang.StackOverflowError", e.remoteClassName());
    assertEquals("recursive", e.moduleName());
    assertTrue(e.getStackTrace().length > 0);
    assertEquals("m.GreeterModule", e.getStackTrace()[0].getClassName());
    assertEquals("ran again", module.exports().run("again"));
    assertStillWorksAndUnloads(module);
  }

  @Test
  void anOutOfMemoryErrorReachesTheHostAsModuleExceptionAndTheModuleKeepsWorking() {
    LoadedModule<Greeter> module = load("hungry");

    ModuleException huge =
        assertThrows(ModuleException.class, () -> module.exports().run("allocate"));
    assertEquals("java.lang.OutOfMemoryError", huge.remoteClassName());
    assertTrue(huge.remoteMessage() != null, "the JVM says which limit was hit");
    assertEquals("ran again", module.exports().run("again"));
    assertStillWorksAndUnloads(module);
  }

  private void assertStillWorksAndUnloads(LoadedModule<Greeter> module) {
    LoadedModule<Greeter> other =
        relib
            .module(Greeter.class)
            .provide(HostLog.class, log)
            .load(TestModules.greeter().jarTo(dir.resolve("other.jar")));
    assertEquals("Hello, Ada", other.exports().greet("Ada"));
    assertEquals(Collection.COLLECTED, other.unload().collection());
    UnloadReport report = module.unload();
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }
}
