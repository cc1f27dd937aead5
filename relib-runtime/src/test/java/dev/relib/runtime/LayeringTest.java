package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layers, read from its compiled classes: {@code dev.relib.runtime} holds the public
 * API and the orchestration; the subsystems under {@code dev.relib.runtime.internal} use, of it,
 * only the vocabulary of the API (reports, options, exceptions), and each uses only the subsystems
 * below it: jdk, load, threads, leaks, heap.
 */
class LayeringTest {
  private static final List<String> LAYERS = List.of("jdk", "load", "threads", "leaks", "heap");

  /** What a subsystem may name of dev.relib.runtime: values it reports or is given. */
  private static final Set<String> VOCABULARY =
      Set.of(
          "UnloadReport",
          "UnloadOptions",
          "LoadException",
          "ModuleException",
          "ContextLoaderSwitch");

  private static final Pattern RUNTIME_CLASS =
      Pattern.compile("dev/relib/runtime/((?:internal/(\\w+)/)?)([A-Za-z0-9_$]+)");

  @Test
  void eachSubsystemUsesOnlyTheApiVocabularyAndTheLayersBelowIt() throws Exception {
    Map<String, Set<String>> violations = new TreeMap<>();
    Map<String, Integer> classesPerLayer = new TreeMap<>();
    for (Path file : classFiles()) {
      String name = classes().relativize(file).toString().replace('\\', '/');
      Matcher own = RUNTIME_CLASS.matcher(name);
      assertTrue(own.lookingAt(), name);
      String layer = own.group(2);
      if (layer == null) {
        continue; // the orchestration may use every layer
      }
      assertTrue(LAYERS.contains(layer), "a package that is not a layer: " + name);
      classesPerLayer.merge(layer, 1, Integer::sum);
      for (String used : referencedRuntimeClasses(file)) {
        Matcher target = RUNTIME_CLASS.matcher(used);
        if (!target.matches()) {
          continue;
        }
        String usedLayer = target.group(2);
        String topLevel = target.group(3).split("\\$")[0];
        boolean allowed =
            usedLayer == null
                ? VOCABULARY.contains(topLevel)
                : LAYERS.indexOf(usedLayer) <= LAYERS.indexOf(layer);
        if (!allowed) {
          violations.computeIfAbsent(name, k -> new TreeSet<>()).add(used);
        }
      }
    }
    assertEquals(Set.copyOf(LAYERS), classesPerLayer.keySet(), "every layer has classes");
    assertTrue(violations.isEmpty(), "uses across the layers' order: " + violations);
  }

  @Test
  void theReaderSeesAReferenceThatWouldBreakTheRule() throws Exception {
    // The test above would pass on a reader that finds nothing: Unloader names the layers, and
    // a method descriptor of its (the proof's Draft) names the API.
    Set<String> used =
        referencedRuntimeClasses(classes().resolve("dev/relib/runtime/Unloader.class"));
    assertTrue(used.contains("dev/relib/runtime/internal/threads/CallDrain"), used.toString());
    assertTrue(used.contains("dev/relib/runtime/UnloadReport$Draft"), used.toString());
  }

  private static Path classes() throws Exception {
    return Path.of(Relib.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<Path> classFiles() throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(classes().resolve("dev/relib/runtime"))) {
      walk.filter(path -> path.toString().endsWith(".class")).forEach(files::add);
    }
    return files;
  }

  /**
   * The runtime classes a class file names: in its class constants and in the descriptors and
   * signatures of its fields and methods, all of which are UTF-8 constants.
   */
  private static Set<String> referencedRuntimeClasses(Path classFile) throws IOException {
    Set<String> found = new TreeSet<>();
    try (InputStream in = Files.newInputStream(classFile);
        DataInputStream data = new DataInputStream(in)) {
      data.readInt(); // magic
      data.readUnsignedShort();
      data.readUnsignedShort();
      int count = data.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = data.readUnsignedByte();
        switch (tag) {
          case 1 -> {
            Matcher matcher = RUNTIME_CLASS.matcher(data.readUTF());
            while (matcher.find()) {
              found.add(matcher.group());
            }
          }
          case 3, 4 -> data.readInt();
          case 5, 6 -> {
            data.readLong();
            i++;
          }
          case 7, 8, 16, 19, 20 -> data.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> data.readInt();
          case 15 -> {
            data.readUnsignedByte();
            data.readUnsignedShort();
          }
          default -> throw new IOException("unknown constant tag " + tag + " in " + classFile);
        }
      }
    }
    return found;
  }
}
