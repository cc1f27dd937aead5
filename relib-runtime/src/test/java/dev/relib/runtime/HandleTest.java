package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.testapi.Sessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handle the host keeps across a real unload: revoked, and it does not hold the module. */
class HandleTest {
  private final Relib relib = Relib.create();
  @TempDir Path dir;

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  @Test
  void handlesKeptAcrossUnloadsAreRevokedAndHoldNoLoader() {
    Path jar =
        TestModules.module()
            .source(
                "m.SessionsModule",
                """
                package m;

                import dev.relib.Module;
                import dev.relib.runtime.testapi.Sessions;

                @Module
                public final class SessionsModule implements Sessions {
                  record Open(String name) implements Sessions.Session {}

                  @Override
                  public Sessions.Session open(String name) {
                    return new Open(name);
                  }
                }
                """)
            .jarTo(dir.resolve("sessions.jar"));
    List<Sessions.Session> kept = new ArrayList<>();
    for (int cycle = 0; cycle < 5; cycle++) {
      LoadedModule<Sessions> module = relib.module(Sessions.class).load(jar);
      Sessions.Session session = module.exports().open("s" + cycle);
      assertEquals("s" + cycle, session.name());
      kept.add(session);

      UnloadReport report = module.unload();

      assertEquals(Collection.COLLECTED, report.collection(), "cycle " + cycle + ":\n" + report);
      for (Sessions.Session old : kept) {
        assertThrows(ModuleUnloadedException.class, old::name);
      }
    }
  }
}
