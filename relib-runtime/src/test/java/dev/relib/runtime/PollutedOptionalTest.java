package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.testapi.Nicknames;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code Optional<String>} that holds a module object through an unchecked cast (heap
 * pollution), returned directly or inside a record: the host must not receive the module's object,
 * which would keep its loader.
 */
class PollutedOptionalTest {
  @TempDir Path dir;
  private final Relib relib = Relib.create();

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  @Test
  void aPollutedOptionalFailsAsAModuleExceptionAndTheLoaderIsCollected() {
    Path jar =
        TestModules.module()
            .source(
                "m.NicknamesModule",
                """
                package m;

                import dev.relib.Module;
                import dev.relib.runtime.testapi.Nicknames;
                import java.util.Optional;

                @Module
                public final class NicknamesModule implements Nicknames {
                  static final class Secret {}

                  private int calls;

                  @SuppressWarnings({"unchecked", "rawtypes"})
                  private <T> Optional<T> smuggled(T honest) {
                    return calls++ == 0
                        ? Optional.of(honest)
                        : (Optional) Optional.of(new Secret());
                  }

                  @Override
                  public Optional<String> nickname() {
                    return smuggled("Ada");
                  }

                  @Override
                  public Nicknames.Tag tag() {
                    return new Nicknames.Tag("t", smuggled("note"));
                  }
                }
                """)
            .jarTo(dir.resolve("nicknames.jar"));
    LoadedModule<Nicknames> module = relib.module(Nicknames.class).load(jar);

    assertEquals(Optional.of("Ada"), module.exports().nickname());
    ModuleException direct = assertThrows(ModuleException.class, module.exports()::nickname);
    ModuleException inRecord = assertThrows(ModuleException.class, module.exports()::tag);

    for (ModuleException e : new ModuleException[] {direct, inRecord}) {
      assertEquals("java.lang.ClassCastException", e.remoteClassName());
      assertTrue(
          e.getMessage()
              .contains("a returned Optional<String> holds a m.NicknamesModule$Secret, not a"),
          e.getMessage());
    }
    UnloadReport report = module.unload();
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }
}
