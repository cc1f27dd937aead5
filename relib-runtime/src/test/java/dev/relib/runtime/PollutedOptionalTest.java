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
 * pollution), returned directly, inside a record or inside a {@code @Copy} class: the host must not
 * receive the module's object, which would keep its loader.
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
                import java.util.HashSet;
                import java.util.Optional;
                import java.util.Set;

                @Module
                public final class NicknamesModule implements Nicknames {
                  static final class Secret {}

                  private final Set<String> answered = new HashSet<>();

                  /** Honest the first time a method answers, a module object after. */
                  @SuppressWarnings({"unchecked", "rawtypes"})
                  private <T> Optional<T> smuggled(String method, T honest) {
                    return answered.add(method)
                        ? Optional.of(honest)
                        : (Optional) Optional.of(new Secret());
                  }

                  @Override
                  public Optional<String> nickname() {
                    return smuggled("nickname", "Ada");
                  }

                  @Override
                  public Nicknames.Tag tag() {
                    return new Nicknames.Tag("t", smuggled("tag", "note"));
                  }

                  @Override
                  public Nicknames.Card card() {
                    return new Nicknames.Card("c", smuggled("card", "kept"));
                  }
                }
                """)
            .jarTo(dir.resolve("nicknames.jar"));
    LoadedModule<Nicknames> module = relib.module(Nicknames.class).load(jar);

    assertEquals(Optional.of("Ada"), module.exports().nickname());
    assertEquals(Optional.of("note"), module.exports().tag().note());
    assertEquals(Optional.of("kept"), module.exports().card().note());
    ModuleException direct = assertThrows(ModuleException.class, module.exports()::nickname);
    ModuleException inRecord = assertThrows(ModuleException.class, module.exports()::tag);
    ModuleException inCopyClass = assertThrows(ModuleException.class, module.exports()::card);

    for (ModuleException e : new ModuleException[] {direct, inRecord, inCopyClass}) {
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
