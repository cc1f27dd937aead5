package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.LoadException.Reason;
import dev.relib.runtime.testapi.Counter;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadTest {
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

  @Test
  void loadsFromJarAndFromClassesDirectoryAndCallsThrough() {
    Path jar = TestModules.greeter().jarTo(dir.resolve("greeter.jar"));
    Path classes = TestModules.greeter().compileTo(dir.resolve("hello/target/classes"));

    LoadedModule<Greeter> fromJar = greeterBuilder().load(jar);
    LoadedModule<Greeter> fromDirectory = greeterBuilder().load(classes);

    assertEquals("Hello, Ada", fromJar.exports().greet("Ada"));
    assertEquals("Hello, Bo", fromDirectory.exports().greet("Bo"));
    assertEquals(List.of("greeting Ada", "greeting Bo"), log.messages);
    assertEquals("greeter", fromJar.name());
    assertEquals("hello", fromDirectory.name());
    assertSame(fromJar.exports(), fromJar.exports());
    assertEquals(LoadedModule.State.LOADED, fromJar.state());
    assertTrue(fromJar.loaderName().startsWith("relib:greeter#"), fromJar.loaderName());
    assertTrue(
        !fromJar.loaderName().equals(greeterBuilder().name("greeter").load(jar).loaderName()),
        "each load gets a loader of its own name");
  }

  @Test
  void runsFromMemoryAfterItsJarIsDeleted() throws Exception {
    Path jar =
        TestModules.greeter(
                """
                if (command.equals("late")) {
                  return new Late().toString();
                }
                try (java.io.InputStream in = getClass().getResourceAsStream("data.txt")) {
                  return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
                """,
                "static final class Late { public String toString() { return \"late\"; } }")
            .resource("m/data.txt", "kept in memory".getBytes(StandardCharsets.UTF_8))
            .jarTo(dir.resolve("snapshot.jar"));
    LoadedModule<Greeter> module = greeterBuilder().load(jar);

    Files.delete(jar);

    assertEquals("late", module.exports().run("late"), "a class first loaded after the delete");
    assertEquals("kept in memory", module.exports().run("resource"));
  }

  @Test
  void keepsServingTheVersionItReadWhenItsJarIsRebuilt() throws Exception {
    String late = "static final class Late { public String toString() { return \"%s\"; } }";
    Path jar =
        TestModules.greeter("return new Late().toString();", late.formatted("v1"))
            .jarTo(dir.resolve("rebuilt.jar"));
    LoadedModule<Greeter> module = greeterBuilder().load(jar);

    TestModules.greeter("return new Late().toString();", late.formatted("v2")).jarTo(jar);

    assertEquals("v1", module.exports().run("x"), "a class first loaded after the rebuild");
    LoadedModule<Greeter> rebuilt = greeterBuilder().load(jar);
    assertEquals("v2", rebuilt.exports().run("x"), "the next load reads the rebuilt jar");
  }

  @Test
  void refusesAMissingFileNamingIt() {
    LoadException e = refused(Reason.NOT_FOUND, dir.resolve("absent.jar"));
    assertTrue(e.getMessage().contains("absent.jar does not exist"), e.getMessage());
  }

  @Test
  void refusesALibraryThatDoesNotExist() {
    Path jar = TestModules.greeter().jarTo(dir.resolve("greeter.jar"));
    LoadException e =
        assertThrows(
            LoadException.class,
            () -> greeterBuilder().libraries(dir.resolve("lib.jar")).load(jar));
    assertEquals(Reason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("library jar"), e.getMessage());
  }

  @Test
  void refusesAMalformedOrTruncatedJar() throws Exception {
    Path garbage = Files.write(dir.resolve("garbage.jar"), "not a zip".getBytes());
    LoadException e = refused(Reason.MALFORMED, garbage);
    assertTrue(e.getMessage().contains("garbage.jar is not a readable jar"), e.getMessage());

    byte[] whole = Files.readAllBytes(TestModules.greeter().jarTo(dir.resolve("whole.jar")));
    Path truncated =
        Files.write(dir.resolve("truncated.jar"), Arrays.copyOf(whole, whole.length / 2));
    refused(Reason.MALFORMED, truncated);
  }

  @Test
  void refusesAJarWithoutModuleStub() {
    Path plain =
        TestModules.module()
            .source("p.Plain", "package p; public class Plain {}")
            .withoutProcessor()
            .jarTo(dir.resolve("plain.jar"));
    LoadException e = refused(Reason.NO_STUB, plain);
    assertTrue(e.getMessage().contains("plain.jar is not a relib module"), e.getMessage());
    assertTrue(e.getMessage().contains("relib-processor"), e.getMessage());
  }

  @Test
  void refusesSeveralModulesInOneJar() {
    Path greeter = TestModules.greeter().compileTo(dir.resolve("greeter"));
    Path both = counterModule().merge(greeter).jarTo(dir.resolve("both.jar"));
    LoadException e = refused(Reason.SEVERAL_STUBS, both);
    assertTrue(e.getMessage().contains("m.CounterModule_ModuleStub"), e.getMessage());
    assertTrue(e.getMessage().contains("m.GreeterModule_ModuleStub"), e.getMessage());
  }

  @Test
  void refusesAModuleOfAnotherContractVersion() {
    Path old =
        TestModules.module()
            .source(
                "v.OldStub",
                """
                package v;

                import dev.relib.bridge.Bridge;
                import dev.relib.bridge.BridgeContext;
                import dev.relib.bridge.Fingerprint;
                import dev.relib.bridge.ModuleStub;
                import dev.relib.bridge.ProvidedImports;
                import java.util.List;

                public final class OldStub extends ModuleStub {
                  public int contractVersion() { return 99; }
                  public String relibVersion() { return "9.9.9"; }
                  public Class<?> exportsType() {
                    return dev.relib.runtime.testapi.Greeter.class;
                  }
                  public List<Class<?>> importTypes() { return List.of(); }
                  public List<Fingerprint> compiledFingerprints() { return List.of(); }
                  public List<Fingerprint> hostFingerprints() { return List.of(); }
                  public Bridge create(BridgeContext context, ProvidedImports imports) {
                    throw new UnsupportedOperationException();
                  }
                  public boolean hasBeforeUnload() { return false; }
                  public void beforeUnload() {}
                }
                """)
            .resource("META-INF/relib/stubs/v.OldStub", "v.OldStub\n".getBytes())
            .withoutProcessor()
            .jarTo(dir.resolve("old.jar"));
    LoadException e = refused(Reason.VERSION_MISMATCH, old);
    assertTrue(e.getMessage().contains("relib-processor 9.9.9"), e.getMessage());
    assertTrue(e.getMessage().contains("contract version 99"), e.getMessage());
    assertTrue(e.getMessage().contains("contract version 1"), e.getMessage());
    assertTrue(e.getMessage().contains("this runtime (relib 0.1.0"), e.getMessage());
  }

  @Test
  void refusesAModuleCompiledAgainstAnOlderApiNamingTheMethods() {
    Path oldApi =
        TestModules.module()
            .source(
                "dev.relib.runtime.testapi.Greeter",
                """
                package dev.relib.runtime.testapi;

                @dev.relib.Exports
                public interface Greeter {
                  String greet(String name);
                  String wave(String name);
                  int pause(int millis);
                }
                """)
            .compileTo(dir.resolve("old-api"));
    Path module =
        TestModules.module()
            .classPath(oldApi)
            .source(
                "m.OldModule",
                """
                package m;

                import dev.relib.Module;
                import dev.relib.runtime.testapi.Greeter;

                @Module
                public final class OldModule implements Greeter {
                  public String greet(String name) { return "hi " + name; }
                  public String wave(String name) { return "o/ " + name; }
                  public int pause(int millis) { return millis; }
                }
                """)
            .jarTo(dir.resolve("old-module.jar"));

    LoadException e = refused(Reason.API_MISMATCH, module);

    String message = e.getMessage();
    assertTrue(message.contains("old-module.jar was compiled against another version"), message);
    assertTrue(
        message.contains(
            "only in the module's version:\n"
                + "      dev.relib.runtime.testapi.Greeter#wave(java.lang.String)java.lang.String"),
        message);
    String hostOnly = message.substring(message.indexOf("only in the host's version:"));
    assertTrue(
        hostOnly.contains(
            "\n      dev.relib.runtime.testapi.Greeter#run(java.lang.String)java.lang.String"),
        message);
    assertTrue(
        hostOnly.contains(
            "\n      dev.relib.runtime.testapi.Greeter#names(int)java.util.List<java.lang.String>"),
        message);
  }

  @Test
  void refusesAModuleWhoseImportIsNotProvided() {
    Path jar = TestModules.greeter().jarTo(dir.resolve("greeter.jar"));
    LoadException e =
        assertThrows(LoadException.class, () -> relib.module(Greeter.class).load(jar));
    assertEquals(Reason.MISSING_IMPORT, e.reason());
    assertTrue(
        e.getMessage()
            .contains(".provide(dev.relib.runtime.testapi.HostLog.class, implementation)"),
        e.getMessage());
  }

  @Test
  void reportsAThrowingConstructorAndLoadsAgainAfterwards() {
    Path broken =
        TestModules.greeter(
                "return command;",
                "{ if (System.nanoTime() != 0) throw new IllegalStateException(\"no config\"); }")
            .jarTo(dir.resolve("broken.jar"));
    LoadException e = refused(Reason.CONSTRUCTOR_THREW, broken);
    assertTrue(
        e.getMessage().contains("java.lang.IllegalStateException: no config"), e.getMessage());
    ModuleException cause = assertInstanceOf(ModuleException.class, e.getCause());
    assertEquals("java.lang.IllegalStateException", cause.remoteClassName());
    assertEquals("m.GreeterModule", cause.getStackTrace()[0].getClassName());

    Path fine = TestModules.greeter().jarTo(dir.resolve("fine.jar"));
    assertEquals("Hello, Ada", greeterBuilder().load(fine).exports().greet("Ada"));
  }

  @Test
  void refusesAModuleOfAnotherExportsInterface() {
    Path counter = counterModule().jarTo(dir.resolve("counter.jar"));
    LoadException e = refused(Reason.WRONG_EXPORTS, counter);
    assertTrue(e.getMessage().contains("relib.module(Counter.class)"), e.getMessage());
    assertEquals(1, relib.module(Counter.class).load(counter).exports().next());
  }

  @Test
  void rejectsInterfacesThatAreNotExportsOrImports() {
    IllegalArgumentException notExports =
        assertThrows(IllegalArgumentException.class, () -> relib.module(HostLog.class));
    assertTrue(notExports.getMessage().contains("is not an @Exports interface"));
    IllegalArgumentException notImports =
        assertThrows(
            IllegalArgumentException.class,
            () -> relib.module(Greeter.class).provide(Runnable.class, () -> {}));
    assertTrue(notImports.getMessage().contains("is not an @Imports interface"));
  }

  private static TestModules counterModule() {
    return TestModules.module()
        .source(
            "m.CounterModule",
            """
            package m;

            import dev.relib.Module;
            import dev.relib.runtime.testapi.Counter;

            @Module
            public final class CounterModule implements Counter {
              private int count;

              public int next() {
                return ++count;
              }
            }
            """);
  }
}
