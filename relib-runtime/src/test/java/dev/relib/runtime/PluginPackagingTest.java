package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin packaged the ways Maven users package one, loaded by its path alone: a folder with the
 * module's jar (or its {@code classes/}) and a {@code lib/} of its dependencies, a zip of such a
 * folder, and a jar whose manifest {@code Class-Path} names its dependencies beside it.
 */
class PluginPackagingTest {
  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private Path library;
  private TestModules module;

  @BeforeEach
  void buildAModuleThatNeedsALibrary() {
    library =
        TestModules.module()
            .withoutProcessor()
            .source(
                "shout.Shout",
                """
                package shout;

                public final class Shout {
                  public static String loud(String text) {
                    return text.toUpperCase() + "!";
                  }
                }
                """)
            .jarTo(dir.resolve("build/shout-1.0.jar"));
    module = TestModules.greeter("return shout.Shout.loud(command);", "").classPath(library);
  }

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  private LoadedModule<Greeter> load(Path plugin) {
    return relib.module(Greeter.class).provide(HostLog.class, message -> {}).load(plugin);
  }

  private static void assertServesAndUnloads(LoadedModule<Greeter> loaded) {
    assertEquals("HI!", loaded.exports().run("hi"));
    UnloadReport report = loaded.unload();
    assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
  }

  @Test
  void withoutItsLibraryTheCallFailsWithTheMissingClassNamed() {
    LoadedModule<Greeter> loaded = load(module.jarTo(dir.resolve("alone.jar")));

    ModuleException e = assertThrows(ModuleException.class, () -> loaded.exports().run("hi"));

    assertEquals(NoClassDefFoundError.class.getName(), e.remoteClassName());
    assertTrue(e.getMessage().contains("shout/Shout"), e.getMessage());
  }

  @Test
  void aFolderWithTheModuleJarAndALibFolder() throws IOException {
    Path plugin = Files.createDirectories(dir.resolve("plugins/greeter"));
    module.jarTo(plugin.resolve("greeter-1.0.jar"));
    Files.copy(library, Files.createDirectories(plugin.resolve("lib")).resolve("shout-1.0.jar"));

    LoadedModule<Greeter> loaded = load(plugin);

    assertEquals("greeter", loaded.name());
    assertEquals(
        "no class of the module or of its libraries reads the context class loader (3 classes"
            + " scanned in 2 file(s))",
        loaded.contextLoaderSwitch().reason());
    assertServesAndUnloads(loaded);
  }

  @Test
  void aFolderWithClassesAndALibFolderAsPf4jLaysItOut() throws IOException {
    Path plugin = Files.createDirectories(dir.resolve("plugins/greeter"));
    module.compileTo(plugin.resolve("classes"));
    Files.copy(library, Files.createDirectories(plugin.resolve("lib")).resolve("shout-1.0.jar"));

    assertServesAndUnloads(load(plugin));
  }

  @Test
  void aZipOfTheModuleJarAndItsLibFolder() throws IOException {
    Path jar = module.jarTo(dir.resolve("build/greeter-1.0.jar"));
    Path zip = dir.resolve("greeter-1.0.zip");
    zip(zip, List.of("greeter-1.0.jar", "lib/shout-1.0.jar"), List.of(jar, library));

    LoadedModule<Greeter> loaded = load(zip);

    assertEquals("greeter-1.0", loaded.name());
    assertServesAndUnloads(loaded);
  }

  @Test
  void aZipOfClassesAndALibFolder() throws IOException {
    Path classes = module.compileTo(dir.resolve("build/classes"));
    List<String> names;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    names =
        files.stream()
            .map(file -> "classes/" + classes.relativize(file).toString().replace('\\', '/'))
            .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    names.add("lib/shout-1.0.jar");
    List<Path> contents = new java.util.ArrayList<>(files);
    contents.add(library);
    Path zip = dir.resolve("greeter.zip");
    zip(zip, names, contents);

    assertServesAndUnloads(load(zip));
  }

  @Test
  void aJarWhoseManifestClassPathNamesItsLibrariesBesideIt() throws IOException {
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.copy(library, Files.createDirectories(target.resolve("lib")).resolve("shout-1.0.jar"));
    Path jar =
        module
            .resource("META-INF/MANIFEST.MF", manifest("lib/shout-1.0.jar lib/absent-2.0.jar"))
            .jarTo(target.resolve("greeter-1.0.jar"));

    LoadedModule<Greeter> loaded = load(jar);

    assertEquals(1, loaded.warnings().size(), loaded.warnings().toString());
    String warning = loaded.warnings().get(0);
    assertTrue(
        warning.startsWith(
            "greeter-1.0.jar's manifest Class-Path names lib/absent-2.0.jar, which is not at "),
        warning);
    assertTrue(warning.contains("dependency:copy-dependencies"), warning);
    assertServesAndUnloads(loaded);
  }

  @Test
  void aZipWithABrokenNestedJarIsRefusedNamingIt() throws IOException {
    Path jar = module.jarTo(dir.resolve("build/greeter-1.0.jar"));
    Path broken = Files.write(dir.resolve("build/broken.jar"), new byte[] {'P', 'K', 3, 4, 1});
    Path zip = dir.resolve("broken.zip");
    zip(zip, List.of("greeter-1.0.jar", "lib/broken.jar"), List.of(jar, broken));

    LoadException e = assertThrows(LoadException.class, () -> load(zip));

    assertEquals(LoadException.Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("lib/broken.jar"), e.getMessage());
  }

  private static byte[] manifest(String classPath) {
    return ("Manifest-Version: 1.0\r\nClass-Path: " + classPath + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void zip(Path zip, List<String> names, List<Path> files) throws IOException {
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (int i = 0; i < names.size(); i++) {
        out.putNextEntry(new ZipEntry(names.get(i)));
        out.write(Files.readAllBytes(files.get(i)));
        out.closeEntry();
      }
    }
  }
}
