package dev.relib.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A sizeable API (twenty interfaces on both sides, every supported type shape, handles, callbacks
 * and a module) whose generated code compiles without a single lint warning, and is generated
 * byte for byte the same every time.
 */
class SizeableApiTest {
  static final int PAIRS = 10;

  /** The methods of every interface: {return type, name and parameters}. */
  private static final List<String[]> SHAPES =
      List.of(
          new String[] {"int", "count(int a, long b, double c, boolean d, char e, byte f)"},
          new String[] {"String", "text(String s, Integer boxed, java.util.UUID id)"},
          new String[] {"String", "text(String s)"},
          new String[] {"java.math.BigDecimal", "money(java.math.BigInteger i)"},
          new String[] {
            "java.time.Instant", "at(java.time.Duration d, java.time.LocalDate date, java.time.ZoneId z)"
          },
          new String[] {"Kind", "kind(Kind k, java.time.DayOfWeek day)"},
          new String[] {"Optional<String>", "maybe(Optional<P0> p, java.util.OptionalInt i)"},
          new String[] {"P0", "point(P0 p)"},
          new String[] {"Amount", "amount(Amount a)"},
          new String[] {"int[]", "ints()"},
          new String[] {"P0[]", "points()"},
          new String[] {"String[][]", "table()"},
          new String[] {"List<String>", "names()"},
          new String[] {"Set<Kind>", "kinds()"},
          new String[] {"Map<String, Integer>", "counts()"},
          new String[] {"List<Map<String, P0>>", "layers()"},
          new String[] {"Map<Kind, List<P0[]>>", "byKind()"},
          new String[] {"Optional<List<P0>>", "optionalList()"},
          new String[] {"Deep", "deep()"},
          new String[] {"Deep[]", "deeps()"},
          new String[] {"Tree", "tree()"},
          new String[] {"Pair<String, List<P0>>", "pair()"},
          new String[] {"Grid", "grid()"},
          new String[] {"Sheet", "sheet()"},
          new String[] {"List<Grid>", "grids()"},
          new String[] {"void", "borrow(@Borrowed List<String> items, @Borrowed int... rest)"},
          new String[] {"void", "target(String target, String previous, int context)"});

  /** The API's sources, by type name. */
  static Map<String, String> sources() {
    Map<String, String> sources = new TreeMap<>();
    sources.put("P0", "public record P0(int a, String b) {}");
    sources.put(
        "Deep",
        "public record Deep(List<Map<String, P0>> layers, P0[] points, Optional<Set<P0>> tags) {}");
    sources.put("Tree", "public record Tree(String name, List<Tree> children) {}");
    sources.put("Pair", "public record Pair<A, B>(A first, B second) {}");
    sources.put("Kind", "public enum Kind { A, B }");
    sources.put(
        "Amount",
        "@Copy public final class Amount { private final long cents = 0;"
            + " private final String currency = \"EUR\"; }");
    sources.put(
        "Grid",
        "public final class Grid { private final int[] cells; public Grid() { cells = new int[4];"
            + " } public Grid(Grid other) { cells = other.cells.clone(); } }");
    sources.put(
        "Sheet", "public class Sheet { public Sheet copy() { return new Sheet(); } }");
    sources.put("Base", "public interface Base { String base(); }");
    for (int i = 0; i < PAIRS; i++) {
      int next = (i + 1) % PAIRS;
      sources.put("E" + i, apiInterface("Exports", "E" + i, "E" + next, "I" + i));
      sources.put("I" + i, apiInterface("Imports", "I" + i, "I" + next, "E" + i));
    }
    sources.put(
        "BigModule",
        "@dev.relib.Module public final class BigModule implements E0 {\n"
            + "  public BigModule(I0 first, I1 second) {}\n"
            + implementations("E1", "I0")
            + "  @BeforeUnload void close() {}\n"
            + "}");
    return sources;
  }

  private static String apiInterface(String side, String name, String handle, String callback) {
    StringBuilder text = new StringBuilder();
    text.append('@').append(side).append(" public interface ").append(name);
    text.append(" extends Base {\n");
    for (String[] shape : SHAPES) {
      text.append("  ").append(shape[0]).append(' ').append(shape[1]).append(";\n");
    }
    text.append("  ").append(handle).append(" next();\n");
    text.append("  void listen(").append(callback).append(" callback);\n");
    text.append("  default String greet(String name) { return text(name); }\n");
    return text.append("}").toString();
  }

  private static String implementations(String handle, String callback) {
    StringBuilder text = new StringBuilder();
    List<String[]> all = new ArrayList<>(SHAPES);
    all.add(new String[] {handle, "next()"});
    all.add(new String[] {"void", "listen(" + callback + " callback)"});
    all.add(new String[] {"String", "base()"});
    for (String[] shape : all) {
      String result =
          switch (shape[0]) {
            case "void" -> "";
            case "int" -> "return 0;";
            default -> "return null;";
          };
      text.append("  @Override public ")
          .append(shape[0])
          .append(' ')
          .append(shape[1].replace("@Borrowed ", ""))
          .append(" { ")
          .append(result)
          .append(" }\n");
    }
    return text.toString();
  }

  static List<JavaFileObject> files() {
    List<JavaFileObject> files = new ArrayList<>();
    sources()
        .forEach(
            (name, body) ->
                files.add(
                    TestSources.source(
                        "big." + name,
                        "package big;",
                        "",
                        "import dev.relib.*;",
                        "import java.util.*;",
                        "",
                        body)));
    return files;
  }

  private static Compilation compileStrictly() {
    return javac()
        .withProcessors(new RelibProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(files());
  }

  /** Every generated file's name and content. */
  private static Map<String, String> generated(Compilation compilation) {
    Map<String, String> files = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        files.put(file.toUri().toString(), TestSources.contents(file));
      }
    }
    return files;
  }

  @Test
  void generatedCodeCompilesWithoutWarnings() {
    Compilation compilation = compileStrictly();
    assertThat(compilation).succeededWithoutWarnings();
    Map<String, String> files = generated(compilation);
    // A bridge per interface, a host bridge per handle and callback reached, the stub and its
    // resource.
    assertThat(files.keySet().stream().filter(name -> name.endsWith("_HostBridge.java")).count())
        .isEqualTo(PAIRS);
    assertThat(files.keySet().stream().filter(name -> name.endsWith("_ModuleBridge.java")).count())
        .isEqualTo(PAIRS);
    assertThat(files.keySet().stream().anyMatch(name -> name.endsWith("BigModule_ModuleStub.java")))
        .isTrue();
    assertThat(files.get(findKey(files, "E3_HostBridge.java")))
        .contains("private static Pair<String, List<P0>> copyPairOfStringAndListOfP0(");
    assertThat(files.get(findKey(files, "E3_HostBridge.java")))
        .contains("public void target(String target, String previous, int context_)");
  }

  @Test
  void generationIsDeterministic() {
    Map<String, String> first = generated(compileStrictly());
    Map<String, String> second = generated(compileStrictly());
    assertThat(second).containsExactlyEntriesIn(first);
  }

  private static String findKey(Map<String, String> files, String suffix) {
    return files.keySet().stream().filter(name -> name.endsWith(suffix)).findFirst().orElseThrow();
  }
}
