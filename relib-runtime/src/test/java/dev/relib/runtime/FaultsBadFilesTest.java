package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.LoadException.Reason;
import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not a loadable module. Already covered elsewhere: a truncated jar and a non-zip
 * file (LoadTest.refusesAMalformedOrTruncatedJar), two stubs in one jar
 * (LoadTest.refusesSeveralModulesInOneJar), a stub of another contract version
 * (LoadTest.refusesAModuleOfAnotherContractVersion), methods added and removed in the API
 * (LoadTest.refusesAModuleCompiledAgainstAnOlderApiNamingTheMethods), bundled API classes
 * (IsolationTest.bundledApiClassesAreIgnoredWithAWarning) and host classes invisible to a module
 * (IsolationTest.moduleSeesTheJdkAndTheSharedApiButNoHostClass).
 */
class FaultsBadFilesTest {
  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final Fixtures.RecordingLog log = new Fixtures.RecordingLog();

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  private ModuleBuilder<Greeter> greeterBuilder() {
    return relib.module(Greeter.class).provide(HostLog.class, log);
  }

  private LoadException refused(Reason reason, Path module) {
    LoadException e = assertThrows(LoadException.class, () -> greeterBuilder().load(module));
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  private void assertHostStillLoads() {
    LoadedModule<Greeter> fine =
        greeterBuilder().load(TestModules.greeter().jarTo(dir.resolve("fine.jar")));
    assertEquals("Hello, Ada", fine.exports().greet("Ada"));
    assertEquals(Collection.COLLECTED, fine.unload().collection());
  }

  @Test
  void refusesJarsOfRandomBytesAndJarsWithCorruptedEntries() throws Exception {
    Random random = new Random(20261124L);
    for (int i = 0; i < 5; i++) {
      byte[] bytes = new byte[1 + random.nextInt(64 * 1024)];
      random.nextBytes(bytes);
      if (i == 0) {
        bytes[0] = 'P';
        bytes[1] = 'K';
        bytes[2] = 3;
        bytes[3] = 4;
      }
      Path jar = Files.write(dir.resolve("random-" + i + ".jar"), bytes);
      LoadException e = refused(Reason.MALFORMED, jar);
      assertTrue(e.getMessage().contains("random-" + i + ".jar"), e.getMessage());
    }

    byte[] whole = Files.readAllBytes(TestModules.greeter().jarTo(dir.resolve("whole.jar")));
    byte[] corrupted = whole.clone();
    for (int i = 64; i < corrupted.length / 2; i += 7) {
      corrupted[i] ^= (byte) 0x5A;
    }
    Path damaged = Files.write(dir.resolve("damaged.jar"), corrupted);
    refused(Reason.MALFORMED, damaged);
    assertHostStillLoads();
  }

  /**
   * A jar is read as one stream where it can be, and by its central directory where it cannot: a
   * jar behind a launcher script still loads, and one whose central directory is cut off is refused
   * even though every entry before the cut reads fine.
   */
  @Test
  void readsAJarBehindALauncherScriptAndRefusesOneWithoutItsCentralDirectory() throws Exception {
    byte[] whole = Files.readAllBytes(TestModules.greeter().jarTo(dir.resolve("whole.jar")));
    byte[] script = "#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes(StandardCharsets.US_ASCII);
    byte[] launcher = new byte[script.length + whole.length];
    System.arraycopy(script, 0, launcher, 0, script.length);
    System.arraycopy(whole, 0, launcher, script.length, whole.length);
    LoadedModule<Greeter> prefixed =
        greeterBuilder().load(Files.write(dir.resolve("launcher.jar"), launcher));
    assertEquals("Hello, Ada", prefixed.exports().greet("Ada"));
    assertEquals(Collection.COLLECTED, prefixed.unload().collection());

    int centralDirectory = indexOf(whole, new byte[] {'P', 'K', 1, 2});
    assertTrue(centralDirectory > 0);
    Path cut = Files.write(dir.resolve("cut.jar"), Arrays.copyOf(whole, centralDirectory));
    LoadException e = refused(Reason.MALFORMED, cut);
    assertTrue(e.getMessage().contains("cut.jar is not a readable jar"), e.getMessage());
    assertHostStillLoads();
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void refusesAnEmptyDirectory() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty/target/classes"));
    LoadException e = refused(Reason.NO_STUB, empty);
    assertTrue(e.getMessage().contains("is not a relib module"), e.getMessage());
    assertHostStillLoads();
  }

  /** A module compiled against {@code api}, a changed copy of Greeter, implementing it all. */
  private Path compiledAgainst(String name, String api, String implementation) {
    Path apiClasses =
        TestModules.module()
            .source(
                "dev.relib.runtime.testapi.Greeter",
                "package dev.relib.runtime.testapi;\n@dev.relib.Exports\npublic interface Greeter {\n"
                    + api
                    + "}\n")
            .compileTo(dir.resolve(name + "-api"));
    return TestModules.module()
        .classPath(apiClasses)
        .source(
            "m.ChangedModule",
            "package m;\n@dev.relib.Module\npublic final class ChangedModule implements"
                + " dev.relib.runtime.testapi.Greeter {\n"
                + implementation
                + "}\n")
        .jarTo(dir.resolve(name + ".jar"));
  }

  private static final String SAME_API =
      """
      String greet(String name);
      String run(String command);
      java.util.List<String> names(int count);
      """;

  private static final String SAME_IMPLEMENTATION =
      """
      public String greet(String name) { return name; }
      public String run(String command) { return command; }
      public java.util.List<String> names(int count) { return java.util.List.of(); }
      """;

  private static String onlyIn(String side, String message) {
    int start = message.indexOf("only in the " + side + "'s version:");
    assertTrue(start >= 0, message);
    int end = message.indexOf("only in the", start + 10);
    return message.substring(start, end < 0 ? message.length() : end);
  }

  @Test
  void refusesAModuleCompiledAgainstAnApiWithAMethodAdded() {
    Path module =
        compiledAgainst(
            "added",
            SAME_API + "int pause(int millis);\nString extra(String x);\n",
            SAME_IMPLEMENTATION
                + "public int pause(int millis) { return millis; }\n"
                + "public String extra(String x) { return x; }\n");
    String message = refused(Reason.API_MISMATCH, module).getMessage();
    assertTrue(
        onlyIn("module", message)
            .contains("dev.relib.runtime.testapi.Greeter#extra(java.lang.String)java.lang.String"),
        message);
    assertTrue(!message.contains("only in the host's version:"), message);
    assertHostStillLoads();
  }

  @Test
  void refusesAModuleCompiledAgainstAnApiWithAParameterTypeChanged() {
    Path module =
        compiledAgainst(
            "parameter",
            SAME_API + "int pause(long millis);\n",
            SAME_IMPLEMENTATION + "public int pause(long millis) { return (int) millis; }\n");
    String message = refused(Reason.API_MISMATCH, module).getMessage();
    assertTrue(
        onlyIn("module", message).contains("dev.relib.runtime.testapi.Greeter#pause(long)int"),
        message);
    assertTrue(
        onlyIn("host", message).contains("dev.relib.runtime.testapi.Greeter#pause(int)int"),
        message);
    assertHostStillLoads();
  }

  @Test
  void refusesAModuleCompiledAgainstAnApiWithAReturnTypeChanged() {
    Path module =
        compiledAgainst(
            "return",
            SAME_API + "long pause(int millis);\n",
            SAME_IMPLEMENTATION + "public long pause(int millis) { return millis; }\n");
    String message = refused(Reason.API_MISMATCH, module).getMessage();
    assertTrue(
        onlyIn("module", message).contains("dev.relib.runtime.testapi.Greeter#pause(int)long"),
        message);
    assertTrue(
        onlyIn("host", message).contains("dev.relib.runtime.testapi.Greeter#pause(int)int"),
        message);
    assertHostStillLoads();
  }
}
