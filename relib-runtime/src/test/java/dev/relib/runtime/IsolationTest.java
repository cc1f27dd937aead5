package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsolationTest {
  /** A module whose run(className) says whether it can load that class, and from which loader. */
  private static final String PROBE =
      """
      if (command.equals("parallel")) {
        return String.valueOf(getClass().getClassLoader().isRegisteredAsParallelCapable());
      }
      if (command.equals("loader")) {
        return String.valueOf(getClass().getClassLoader());
      }
      if (command.equals("frame")) {
        return new Throwable().getStackTrace()[0].getClassLoaderName();
      }
      if (command.equals("context")) {
        return String.valueOf(
            Thread.currentThread().getContextClassLoader() == getClass().getClassLoader());
      }
      try {
        ClassLoader loader = Class.forName(command).getClassLoader();
        return "visible from " + (loader == null ? "bootstrap" : loader.getName());
      } catch (ClassNotFoundException e) {
        return "invisible: " + e.getMessage();
      }
      """;

  @TempDir Path dir;
  private final Relib relib = Relib.create();

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  private LoadedModule<Greeter> load(Path module) {
    return relib.module(Greeter.class).provide(HostLog.class, message -> {}).load(module);
  }

  @Test
  void moduleSeesTheJdkAndTheSharedApiButNoHostClass() {
    Greeter probe = load(TestModules.greeter(PROBE, "").jarTo(dir.resolve("probe.jar"))).exports();

    assertEquals("visible from bootstrap", probe.run("java.util.List"));
    assertEquals("visible from platform", probe.run("java.sql.Driver"));
    String api = Greeter.class.getClassLoader().getName();
    assertEquals("visible from " + api, probe.run("dev.relib.runtime.testapi.Greeter"));
    assertEquals("visible from " + api, probe.run("dev.relib.bridge.ModuleStub"));
    String host = probe.run(IsolationTest.class.getName());
    assertTrue(host.startsWith("invisible: dev.relib.runtime.IsolationTest is not visible"), host);
    assertTrue(probe.run(Relib.class.getName()).startsWith("invisible"));
    assertTrue(probe.run("org.junit.jupiter.api.Test").startsWith("invisible"));
  }

  @Test
  void modulesDoNotSeeEachOther() {
    Path owner =
        TestModules.greeter(PROBE, "")
            .source("a.Secret", "package a; public class Secret {}")
            .jarTo(dir.resolve("owner.jar"));
    Path other = TestModules.greeter(PROBE, "").jarTo(dir.resolve("other.jar"));
    LoadedModule<Greeter> ownerModule = load(owner);
    Greeter otherModule = load(other).exports();

    assertEquals("visible from " + ownerModule.loaderName(), ownerModule.exports().run("a.Secret"));
    assertTrue(otherModule.run("a.Secret").startsWith("invisible: a.Secret"));
  }

  @Test
  void bundledApiClassesAreIgnoredWithAWarning() throws Exception {
    Path apiClass =
        TestModules.location(Greeter.class).resolve("dev/relib/runtime/testapi/Greeter.class");
    Path module =
        TestModules.greeter(PROBE, "")
            .resource("dev/relib/runtime/testapi/Greeter.class", Files.readAllBytes(apiClass))
            .jarTo(dir.resolve("bundling.jar"));

    LoadedModule<Greeter> loaded = load(module);

    assertEquals(1, loaded.warnings().size());
    String warning = loaded.warnings().get(0);
    assertTrue(warning.contains("bundling.jar bundles 1 class(es) of the shared API"), warning);
    assertTrue(warning.contains("dev.relib.runtime.testapi.Greeter"), warning);
    assertEquals(
        "visible from " + Greeter.class.getClassLoader().getName(),
        loaded.exports().run("dev.relib.runtime.testapi.Greeter"));
    assertEquals("Hello, Ada", loaded.exports().greet("Ada"));
  }

  @Test
  void loaderIsParallelCapableAndNamesTheModulesFrames() {
    LoadedModule<Greeter> module = load(TestModules.greeter(PROBE, "").jarTo(dir.resolve("p.jar")));

    assertEquals("true", module.exports().run("parallel"));
    assertEquals(module.loaderName(), module.exports().run("frame"));
    assertEquals(module.loaderName(), module.exports().run("loader"), "its toString is its name");
  }

  /** A module that starts no virtual thread: its clean report says nothing of them, on 21+ too. */
  @Test
  void aCleanUnloadHasNothingToNote() {
    LoadedModule<Greeter> module = load(TestModules.greeter(PROBE, "").jarTo(dir.resolve("n.jar")));
    module.exports().run("parallel");

    UnloadReport report = module.unload();

    assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
    assertEquals(List.of(), report.notes(), report.toString());
  }

  @Test
  void callsSwitchTheContextClassLoaderBothWaysUnlessTheModuleOptsOut() {
    Path jar = TestModules.greeter(PROBE, "").jarTo(dir.resolve("context.jar"));
    List<ClassLoader> seenByHost = new CopyOnWriteArrayList<>();
    HostLog log = message -> seenByHost.add(Thread.currentThread().getContextClassLoader());
    ClassLoader before = Thread.currentThread().getContextClassLoader();

    Greeter switching = relib.module(Greeter.class).provide(HostLog.class, log).load(jar).exports();
    Greeter plain =
        relib
            .module(Greeter.class)
            .provide(HostLog.class, message -> {})
            .switchContextClassLoader(false)
            .load(jar)
            .exports();

    assertEquals("true", switching.run("context"));
    switching.greet("Ada");
    assertEquals(List.of(Greeter.class.getClassLoader()), seenByHost);
    assertEquals("false", plain.run("context"));
    assertEquals(before, Thread.currentThread().getContextClassLoader());
  }
}
