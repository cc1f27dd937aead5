package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.testapi.Nicknames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code Optional<String>} that holds a module object through an unchecked cast (heap
 * pollution), returned directly, inside a record or inside a {@code @Copy} class, and lists, sets
 * and maps of Copy values polluted the same way: the host must not receive the module's object,
 * which would keep its loader.
 */
class PollutedReturnsTest {
  @TempDir Path dir;
  private final Relib relib = Relib.create();

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  @Test
  void aPollutedOptionalFailsAsAModuleExceptionAndTheLoaderIsCollected() {
    LoadedModule<Nicknames> module = relib.module(Nicknames.class).load(pollutingModule());

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

  @Test
  void aPollutedCollectionOfCopyValuesFailsAsAModuleExceptionAndTheLoaderIsCollected() {
    LoadedModule<Nicknames> module = relib.module(Nicknames.class).load(pollutingModule());

    assertEquals(List.of("A"), module.exports().aliases());
    assertEquals(Set.of(7), module.exports().lucky());
    assertEquals(Map.of("a", 1), module.exports().scores());
    ModuleException list = assertThrows(ModuleException.class, module.exports()::aliases);
    ModuleException set = assertThrows(ModuleException.class, module.exports()::lucky);
    ModuleException map = assertThrows(ModuleException.class, module.exports()::scores);

    String[] expected = {
      "a returned List<String> holds a m.NicknamesModule$Secret element, not a java.lang.String",
      "a returned Set<Integer> holds a m.NicknamesModule$Secret element, not a java.lang.Integer",
      "a returned Map<String, Integer> holds a m.NicknamesModule$Secret value, not a"
          + " java.lang.Integer"
    };
    ModuleException[] thrown = {list, set, map};
    for (int i = 0; i < thrown.length; i++) {
      assertEquals("java.lang.ClassCastException", thrown[i].remoteClassName());
      assertTrue(thrown[i].getMessage().contains(expected[i]), thrown[i].getMessage());
    }
    UnloadReport report = module.unload();
    assertEquals(Collection.COLLECTED, report.collection(), report.toString());
  }

  /**
   * A module whose every method answers honestly the first time and with a module object, through
   * an unchecked cast, after.
   */
  private Path pollutingModule() {
    return TestModules.module()
        .source(
            "m.NicknamesModule",
            """
                package m;

                import dev.relib.Module;
                import dev.relib.runtime.testapi.Nicknames;
                import java.util.HashSet;
                import java.util.Optional;
import java.util.Set;
                import java.util.Set;

                import java.util.List;
                import java.util.Map;

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

                  @Override
                  @SuppressWarnings({"unchecked", "rawtypes"})
                  public List<String> aliases() {
                    return answered.add("aliases") ? List.of("A") : (List) List.of("A", new Secret());
                  }

                  @Override
                  @SuppressWarnings({"unchecked", "rawtypes"})
                  public Set<Integer> lucky() {
                    return answered.add("lucky") ? Set.of(7) : (Set) Set.of(new Secret());
                  }

                  @Override
                  @SuppressWarnings({"unchecked", "rawtypes"})
                  public Map<String, Integer> scores() {
                    return answered.add("scores") ? Map.of("a", 1) : (Map) Map.of("a", new Secret());
                  }
                }
""")
        .jarTo(dir.resolve("nicknames.jar"));
  }
}
