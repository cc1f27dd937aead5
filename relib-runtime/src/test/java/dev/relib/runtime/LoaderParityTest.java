package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.internal.load.ModuleClassLoader;
import dev.relib.runtime.internal.load.ModuleImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A module's loader serves the jars of real libraries as a {@link URLClassLoader} serves the same
 * jars: the same bytes under every name (a multi-release jar's versioned classes on this JDK), the
 * same number of resources under a service file's name, and packages with the versions their
 * manifests give. A library that works on a plain loader must not find something else here.
 */
class LoaderParityTest {

  @ParameterizedTest
  @ValueSource(strings = {"log4j", "netty", "caffeine", "groovy"})
  void servesWhatAUrlClassLoaderServes(String library) throws Exception {
    List<Path> jars = Fixtures.libraryJars(library);
    ModuleClassLoader relib =
        new ModuleClassLoader(
            "parity-" + library,
            LoaderParityTest.class.getClassLoader(),
            Set.of(),
            ModuleImage.read(jars.get(0), jars.subList(1, jars.size())));
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = jars.get(i).toUri().toURL();
    }
    try (URLClassLoader plain = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      Map<String, String> firstClassOfPackage = new TreeMap<>();
      int versioned = 0;
      for (Path jar : jars) {
        try (JarFile file = new JarFile(jar.toFile())) {
          for (JarEntry entry : Collections.list(file.entries())) {
            String name = entry.getName();
            if (entry.isDirectory()) {
              continue;
            }
            if (name.startsWith("META-INF/versions/")) {
              versioned++;
            }
            assertArrayEquals(
                bytes(plain, name), bytes(relib, name), library + ": bytes served for " + name);
            if (name.startsWith("META-INF/services/")) {
              assertEquals(
                  Collections.list(plain.getResources(name)).size(),
                  Collections.list(relib.getResources(name)).size(),
                  library + ": resources named " + name);
            }
            if (name.endsWith(".class") && !name.startsWith("META-INF/") && name.contains("/")) {
              String className = name.substring(0, name.length() - 6).replace('/', '.');
              firstClassOfPackage.putIfAbsent(
                  className.substring(0, className.lastIndexOf('.')), className);
            }
          }
        }
      }
      int compared = 0;
      for (String className : firstClassOfPackage.values()) {
        Package ours;
        Package theirs;
        try {
          theirs = Class.forName(className, false, plain).getPackage();
        } catch (LinkageError | ClassNotFoundException e) {
          continue; // an optional dependency is missing: neither loader can define it
        }
        ours = Class.forName(className, false, relib).getPackage();
        assertNotNull(ours, className);
        String what = library + ": package of " + className;
        assertEquals(theirs.getImplementationTitle(), ours.getImplementationTitle(), what);
        assertEquals(theirs.getImplementationVersion(), ours.getImplementationVersion(), what);
        assertEquals(theirs.getImplementationVendor(), ours.getImplementationVendor(), what);
        assertEquals(theirs.getSpecificationTitle(), ours.getSpecificationTitle(), what);
        assertEquals(theirs.getSpecificationVersion(), ours.getSpecificationVersion(), what);
        assertEquals(theirs.isSealed(), ours.isSealed(), what);
        compared++;
      }
      assertTrue(compared > 0, library + ": no package compared");
      if (library.equals("log4j")) {
        // log4j-api and log4j-core are multi-release jars: the test covers versioned entries.
        assertTrue(versioned > 0, "log4j's jars hold no versioned entries");
      }
    } finally {
      relib.close();
    }
  }

  private static byte[] bytes(ClassLoader loader, String name) throws IOException {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

}
