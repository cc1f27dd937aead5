package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExceptionTest {
  private static final String THROWER =
      """
      if (command.equals("cycle")) {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        throw a;
      }
      if (command.equals("rude")) {
        throw new Failure("unused") {
          @Override
          public String getMessage() {
            throw new UnsupportedOperationException();
          }
        };
      }
      Failure failure = new Failure("outer failure", new java.io.IOException("disk full"));
      failure.addSuppressed(new UnsupportedOperationException("while closing"));
      throw failure;
      """;

  private static final String FAILURE_CLASS =
      """
      static class Failure extends RuntimeException {
        Failure(String message) {
          super(message);
        }

        Failure(String message, Throwable cause) {
          super(message, cause);
        }
      }
      """;

  @TempDir Path dir;
  private final Relib relib = Relib.create();

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  private LoadedModule<Greeter> loadThrower() {
    return relib
        .module(Greeter.class)
        .provide(HostLog.class, message -> {})
        .name("thrower")
        .load(TestModules.greeter(THROWER, FAILURE_CLASS).jarTo(dir.resolve("thrower.jar")));
  }

  @Test
  void keepsClassNameMessageStackCausesAndSuppressedAsText() {
    LoadedModule<Greeter> module = loadThrower();

    ModuleException e = assertThrows(ModuleException.class, () -> module.exports().run("x"));

    assertEquals("m.GreeterModule$Failure", e.remoteClassName());
    assertEquals("outer failure", e.remoteMessage());
    assertEquals("thrower", e.moduleName());
    assertEquals(
        "m.GreeterModule$Failure: outer failure (thrown in module 'thrower')", e.getMessage());
    StackTraceElement top = e.getStackTrace()[0];
    assertEquals("m.GreeterModule", top.getClassName());
    assertEquals("run", top.getMethodName());
    assertEquals(module.loaderName(), top.getClassLoaderName());
    assertTrue(
        Arrays.stream(e.getStackTrace())
            .anyMatch(frame -> frame.getClassName().equals(ExceptionTest.class.getName())),
        "the host's frames below the call are kept");
    ModuleException cause = (ModuleException) e.getCause();
    assertEquals("java.io.IOException", cause.remoteClassName());
    assertEquals("disk full", cause.remoteMessage());
    ModuleException suppressed = (ModuleException) e.getSuppressed()[0];
    assertEquals("java.lang.UnsupportedOperationException", suppressed.remoteClassName());
    assertEquals("while closing", suppressed.remoteMessage());
  }

  @Test
  void holdingTheExceptionDoesNotHoldTheModule() {
    LoadedModule<Greeter> module = loadThrower();
    ModuleException e = assertThrows(ModuleException.class, () -> module.exports().run("x"));

    UnloadReport report = module.unload();

    assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
    assertEquals("m.GreeterModule$Failure", e.remoteClassName());
  }

  @Test
  void translatesCyclicCausesIntoCyclicCauses() {
    LoadedModule<Greeter> module = loadThrower();

    ModuleException e = assertThrows(ModuleException.class, () -> module.exports().run("cycle"));

    assertEquals("a", e.remoteMessage());
    assertEquals("b", ((ModuleException) e.getCause()).remoteMessage());
    assertSame(e, e.getCause().getCause());
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    assertTrue(text.toString().contains("CIRCULAR REFERENCE"), text.toString());
  }

  @Test
  void survivesAThrowableWhoseGetMessageThrows() {
    LoadedModule<Greeter> module = loadThrower();

    ModuleException e = assertThrows(ModuleException.class, () -> module.exports().run("rude"));

    assertEquals("m.GreeterModule$1", e.remoteClassName());
    assertEquals("<getMessage() threw java.lang.UnsupportedOperationException>", e.remoteMessage());
  }
}
