package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throwables built to break the translation into {@link ModuleException}: an {@code Error} thrown
 * by {@code getMessage()}, a throwable that is its own cause, 10,000 nested causes, a stack trace
 * holding nulls. Each reaches the host as a {@code ModuleException} with text a user can read,
 * and nothing of it is a module class.
 */
class FaultsHostileExceptionsTest {
  private static final String THROWER =
      """
      if (command.equals("error-from-message")) {
        throw new Failure("unused") {
          @Override
          public String getMessage() {
            throw new Broken();
          }
        };
      }
      if (command.equals("own-cause")) {
        throw new Failure("its own cause") {
          @Override
          public synchronized Throwable getCause() {
            return this;
          }
        };
      }
      if (command.equals("deep")) {
        RuntimeException chain = new RuntimeException("cause 0");
        for (int i = 1; i <= 10_000; i++) {
          chain = new RuntimeException("cause " + i, chain);
        }
        throw chain;
      }
      if (command.equals("null-frames")) {
        throw new Failure("null frames") {
          @Override
          public StackTraceElement[] getStackTrace() {
            return new StackTraceElement[] {
              null, new StackTraceElement("m.Where", "what", "Where.java", 7), null
            };
          }
        };
      }
      return "ran " + command;
      """;

  private static final String CLASSES =
      """
      static class Failure extends RuntimeException {
        Failure(String message) {
          super(message);
        }
      }

      static class Broken extends Error {
        @Override
        public String getMessage() {
          throw this;
        }
      }
      """;

  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private LoadedModule<Greeter> module;

  @BeforeEach
  void load() {
    module =
        relib
            .module(Greeter.class)
            .provide(HostLog.class, new Fixtures.RecordingLog())
            .load(TestModules.greeter(THROWER, CLASSES).jarTo(dir.resolve("thrower.jar")));
  }

  @AfterEach
  void unloadAndClose() {
    if (module != null) {
      UnloadReport report = module.unload();
      assertEquals(Collection.COLLECTED, report.collection(), report.toString());
    }
    relib.close();
  }

  private ModuleException thrown(String command) {
    ModuleException e = assertThrows(ModuleException.class, () -> module.exports().run(command));
    assertHostClassesOnly(e);
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    assertTrue(text.toString().contains("thrown in module 'thrower'"), text.toString());
    assertEquals("ran again", module.exports().run("again"), "the module keeps working");
    return e;
  }

  /** The exception, its causes and suppressed exceptions, all of the host's ModuleException. */
  private static void assertHostClassesOnly(Throwable e) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(e);
    while (!todo.isEmpty()) {
      Throwable next = todo.poll();
      if (seen.put(next, true) != null) {
        continue;
      }
      assertSame(ModuleException.class, next.getClass(), next.getClass().getName());
      if (next.getCause() != null) {
        todo.add(next.getCause());
      }
      todo.addAll(java.util.List.of(next.getSuppressed()));
    }
  }

  @Test
  void anErrorThrownByGetMessageIsNoted() {
    ModuleException e = thrown("error-from-message");

    assertEquals("m.GreeterModule$1", e.remoteClassName());
    assertEquals("<getMessage() threw m.GreeterModule$Broken>", e.remoteMessage());
  }

  @Test
  void aThrowableThatIsItsOwnCauseArrivesWithoutOne() {
    ModuleException e = thrown("own-cause");

    assertEquals("its own cause", e.remoteMessage());
    assertEquals(null, e.getCause());
  }

  @Test
  void tenThousandNestedCausesAreCutShortAndTheRestCounted() {
    ModuleException e = thrown("deep");

    assertEquals("cause 10000", e.remoteMessage());
    int kept = 0;
    ModuleException last = e;
    while (last.getCause() != null) {
      last = (ModuleException) last.getCause();
      kept++;
    }
    assertEquals(ModuleException.MAX_CAUSES, kept);
    assertEquals("java.lang.RuntimeException", last.remoteClassName());
    assertEquals(
        "<9937 more cause(s) left out, from this one on: the translation keeps the first 64 of a"
            + " chain>",
        last.remoteMessage());
  }

  @Test
  void nullStackTraceElementsAreLeftOut() {
    ModuleException e = thrown("null-frames");

    assertEquals("null frames", e.remoteMessage());
    assertEquals(1, e.getStackTrace().length);
    assertEquals("m.Where.what(Where.java:7)", e.getStackTrace()[0].toString());
  }
}
