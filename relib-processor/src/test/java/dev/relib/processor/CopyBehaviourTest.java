package dev.relib.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.relib.bridge.BridgeContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs generated copies: collections keep their iteration order and refuse nulls with a message
 * naming the type, and handles inside collections, optionals and records are wrapped in their
 * bridges, which unloading revokes like any other; the Optionals inside Copy values, records and
 * {@code @Copy} classes are checked.
 */
class CopyBehaviourTest {
  private static ClassLoader loader;

  /** A context that lets calls through, and can be revoked as an unload would. */
  static final class TestContext extends BridgeContext {
    TestContext() {
      super(null, null, false);
    }

    @Override
    public RuntimeException translate(Throwable thrown) {
      return new IllegalStateException("translated", thrown);
    }

    @Override
    public RuntimeException unloaded() {
      return new IllegalStateException("unloaded");
    }

    int unload() {
      return revokeAll();
    }
  }

  @BeforeAll
  static void compileAndLoad() {
    Compilation compilation =
        TestSources.compile(
            TestSources.source(
                "test.Handle",
                "package test;",
                "",
                "@dev.relib.Exports",
                "public interface Handle {",
                "  String id();",
                "}"),
            TestSources.source(
                "test.Page",
                "package test;",
                "",
                "public record Page(java.util.List<Handle> handles, int total) {}"),
            TestSources.source(
                "test.Tagged",
                "package test;",
                "",
                "public record Tagged(String name, java.util.Optional<String> note) {}"),
            TestSources.source(
                "test.Memo",
                "package test;",
                "",
                "import java.util.Optional;",
                "import test.card.Card;",
                "",
                "@dev.relib.Copy",
                "public final class Memo {",
                "  final Optional<String> note;", // in the bridge's package: read directly
                "  private final Optional<Integer> score;",
                "  private final Tagged tagged;",
                "  private final Card card;",
                "",
                "  public Memo(Optional<String> note, Optional<Integer> score, Tagged tagged,"
                    + " Card card) {",
                "    this.note = note;",
                "    this.score = score;",
                "    this.tagged = tagged;",
                "    this.card = card;",
                "  }",
                "",
                "  public Optional<Integer> score() {",
                "    return score;",
                "  }",
                "",
                "  public Tagged getTagged() {",
                "    return tagged;",
                "  }",
                "",
                "  public Card card() {",
                "    return card;",
                "  }",
                "}"),
            TestSources.source(
                "test.card.Card",
                "package test.card;",
                "",
                "@dev.relib.Copy",
                "public final class Card {",
                // Package-private in another package than the bridge: read through title().
                "  final java.util.Optional<String> title;",
                "",
                "  public Card(java.util.Optional<String> title) {",
                "    this.title = title;",
                "  }",
                "",
                "  public java.util.Optional<String> title() {",
                "    return title;",
                "  }",
                "}"),
            TestSources.source(
                "test.Node",
                "package test;",
                "",
                "@dev.relib.Copy",
                "public final class Node {",
                "  private final java.util.Optional<Node> next;",
                "",
                "  public Node(java.util.Optional<Node> next) {",
                "    this.next = next;",
                "  }",
                "",
                "  public java.util.Optional<Node> next() {",
                "    return next;",
                "  }",
                "}"),
            TestSources.source(
                "test.Shop",
                "package test;",
                "",
                "import java.util.*;",
                "",
                "@dev.relib.Exports",
                "public interface Shop {",
                "  List<String> names();",
                "  Set<String> tags();",
                "  Map<String, Integer> counts();",
                "  List<Handle> handles();",
                "  Optional<Handle> first();",
                "  Map<String, List<Handle>> grouped();",
                "  Page page();",
                "  Handle[] array();",
                "  Optional<String> nickname();",
                "  Tagged tagged();",
                "  List<Optional<Integer>> scores();",
                "  Memo memo();",
                "  Node chain();",
                "}"),
            TestSources.source(
                "test.ShopImpl",
                "package test;",
                "",
                "import java.util.*;",
                "",
                "public class ShopImpl implements Shop {",
                "  public static boolean nulls;",
                "",
                "  static Handle handle(String id) {",
                "    return () -> id;",
                "  }",
                "",
                "  public List<String> names() {",
                "    return nulls ? Arrays.asList(\"a\", null) : new ArrayList<>(List.of(\"b\","
                    + " \"a\"));",
                "  }",
                "",
                "  public Set<String> tags() {",
                "    Set<String> tags = new LinkedHashSet<>(List.of(\"c\", \"a\", \"b\"));",
                "    if (nulls) tags.add(null);",
                "    return tags;",
                "  }",
                "",
                "  public Map<String, Integer> counts() {",
                "    Map<String, Integer> counts = new LinkedHashMap<>();",
                "    counts.put(\"z\", 1);",
                "    counts.put(\"y\", nulls ? null : 2);",
                "    counts.put(\"x\", 3);",
                "    return counts;",
                "  }",
                "",
                "  public List<Handle> handles() {",
                "    return nulls ? Arrays.asList(handle(\"h\"), null) :"
                    + " List.of(handle(\"h1\"), handle(\"h2\"));",
                "  }",
                "",
                "  public Optional<Handle> first() {",
                "    return Optional.of(handle(\"f\"));",
                "  }",
                "",
                "  public Map<String, List<Handle>> grouped() {",
                "    return Map.of(\"g\", List.of(handle(\"g1\")));",
                "  }",
                "",
                "  public Page page() {",
                "    return new Page(List.of(handle(\"p1\")), 1);",
                "  }",
                "",
                "  static final class Named implements Handle {",
                "    public String id() {",
                "      return \"a1\";",
                "    }",
                "  }",
                "",
                "  public Handle[] array() {",
                "    return new Named[] {new Named(), null};", // an array of the module's own class
                "  }",
                "",
                "  public static boolean polluted;",
                "",
                "  @SuppressWarnings({\"unchecked\", \"rawtypes\"})",
                "  static <T> Optional<T> smuggled(T honest) {",
                "    return polluted ? (Optional) Optional.of(new Named()) : Optional.of(honest);",
                "  }",
                "",
                "  public Optional<String> nickname() {",
                "    return smuggled(\"Ada\");",
                "  }",
                "",
                "  public Tagged tagged() {",
                "    return new Tagged(\"t\", smuggled(\"note\"));",
                "  }",
                "",
                "  public List<Optional<Integer>> scores() {",
                "    return List.of(Optional.of(1), smuggled(2));",
                "  }",
                "",
                "  public static String pollutedPart = \"\";",
                "",
                "  @SuppressWarnings({\"unchecked\", \"rawtypes\"})",
                "  static <T> Optional<T> part(String name, T honest) {",
                "    return name.equals(pollutedPart) ? (Optional) Optional.of(new Named())"
                    + " : Optional.of(honest);",
                "  }",
                "",
                "  public Memo memo() {",
                "    return new Memo(part(\"note\", \"n\"), part(\"score\", 1),",
                "        new Tagged(\"t\", part(\"tagged\", \"x\")),",
                "        new test.card.Card(part(\"card\", \"c\")));",
                "  }",
                "",
                "  public Node chain() {",
                "    Optional<Node> last = part(\"chain\", new Node(Optional.empty()));",
                "    return new Node(Optional.of(new Node(last)));",
                "  }",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        String name = path.substring(path.indexOf("/test/") + 1, path.length() - 6);
        try (InputStream in = file.openInputStream()) {
          classes.put(name.replace('/', '.'), in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    loader =
        new ClassLoader(CopyBehaviourTest.class.getClassLoader()) {
          @Override
          protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
              throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
          }
        };
  }

  @Test
  void collectionsKeepTheirOrderAndCannotBeChanged() throws Exception {
    setNulls(false);
    Object shop = bridge(new TestContext());
    List<?> names = (List<?>) call(shop, "names");
    assertThat(names).containsExactly("b", "a").inOrder();
    assertThrows(UnsupportedOperationException.class, () -> names.clear());
    Set<?> tags = (Set<?>) call(shop, "tags");
    assertThat(tags).containsExactly("c", "a", "b").inOrder();
    assertThrows(UnsupportedOperationException.class, () -> tags.remove("a"));
    Map<?, ?> counts = (Map<?, ?>) call(shop, "counts");
    assertThat(counts.keySet()).containsExactly("z", "y", "x").inOrder();
    assertThrows(UnsupportedOperationException.class, () -> counts.remove("z"));
  }

  @Test
  void nullsInsideCollectionsAreRefusedWithTheType() throws Exception {
    setNulls(true);
    try {
      Object shop = bridge(new TestContext());
      assertThat(failure(shop, "names"))
          .hasMessageThat()
          .isEqualTo("a returned List<String> holds a null element");
      assertThat(failure(shop, "tags"))
          .hasMessageThat()
          .isEqualTo("a returned Set<String> holds a null element");
      assertThat(failure(shop, "counts"))
          .hasMessageThat()
          .isEqualTo("a returned Map<String, Integer> holds a null value");
      assertThat(failure(shop, "handles"))
          .hasMessageThat()
          .isEqualTo("a returned List<Handle> holds a null element");
    } finally {
      setNulls(false);
    }
  }

  @Test
  void handlesInsideValuesAreWrappedAndRevokedAtUnload() throws Exception {
    setNulls(false);
    TestContext context = new TestContext();
    Object shop = bridge(context);
    List<?> handles = (List<?>) call(shop, "handles");
    Object handle = ((Optional<?>) call(shop, "first")).orElseThrow();
    Object grouped = ((List<?>) ((Map<?, ?>) call(shop, "grouped")).get("g")).get(0);
    Object page = call(shop, "page");
    Object inPage = ((List<?>) page.getClass().getMethod("handles").invoke(page)).get(0);
    Object[] array = (Object[]) call(shop, "array");
    Class<?> bridge = loader.loadClass("test.Handle_HostBridge");
    for (Object each : List.of(handles.get(0), handles.get(1), handle, grouped, inPage, array[0])) {
      assertThat(each).isInstanceOf(bridge);
    }
    assertThat(array[1]).isNull();
    // Copied into the declared type, not cloned: the host holds no array class of the module.
    assertThat(array.getClass()).isEqualTo(Class.forName("[Ltest.Handle;", false, loader));
    assertThat(call(handles.get(1), "id")).isEqualTo("h2");
    assertThat(call(inPage, "id")).isEqualTo("p1");

    context.unload();
    IllegalStateException unloaded =
        assertThrows(IllegalStateException.class, () -> call(grouped, "id"));
    assertThat(unloaded).hasMessageThat().isEqualTo("unloaded");
  }

  @Test
  void optionalsOfCopyTypesAreCheckedWhereverTheySit() throws Exception {
    Object shop = bridge(new TestContext());
    assertThat(call(shop, "nickname")).isEqualTo(Optional.of("Ada"));
    Object tagged = call(shop, "tagged");
    assertThat(tagged.getClass().getMethod("note").invoke(tagged)).isEqualTo(Optional.of("note"));
    assertThat(call(shop, "scores")).isEqualTo(List.of(Optional.of(1), Optional.of(2)));

    loader.loadClass("test.ShopImpl").getField("polluted").setBoolean(null, true);
    try {
      for (String method : List.of("nickname", "tagged", "scores")) {
        IllegalStateException translated =
            assertThrows(IllegalStateException.class, () -> call(shop, method));
        assertThat(translated).hasCauseThat().isInstanceOf(ClassCastException.class);
        assertThat(translated)
            .hasCauseThat()
            .hasMessageThat()
            .matches(
                "a returned Optional<(String|Integer)> holds a test.ShopImpl\\$Named, not a"
                    + " java.lang.(String|Integer)");
      }
    } finally {
      loader.loadClass("test.ShopImpl").getField("polluted").setBoolean(null, false);
    }
  }

  @Test
  void optionalsInsideCopyClassesAreCheckedThroughTheirFieldsAndAccessors() throws Exception {
    Object shop = bridge(new TestContext());
    Object memo = call(shop, "memo");
    assertThat(memo.getClass().getMethod("score").invoke(memo)).isEqualTo(Optional.of(1));

    Class<?> module = loader.loadClass("test.ShopImpl");
    try {
      // The field read directly, an accessor, a getter, and a @Copy class inside.
      for (String part : List.of("note", "score", "tagged", "card")) {
        module.getField("pollutedPart").set(null, part);
        IllegalStateException translated =
            assertThrows(IllegalStateException.class, () -> call(shop, "memo"), part);
        assertThat(translated).hasCauseThat().isInstanceOf(ClassCastException.class);
        assertThat(translated)
            .hasCauseThat()
            .hasMessageThat()
            .matches(
                "a returned Optional<(String|Integer)> holds a test.ShopImpl\\$Named, not a"
                    + " java.lang.(String|Integer)");
      }
    } finally {
      module.getField("pollutedPart").set(null, "");
    }
  }

  @Test
  void aRecursiveCopyClassIsCheckedAllTheWayDown() throws Exception {
    Object shop = bridge(new TestContext());
    assertThat(call(shop, "chain")).isNotNull();

    Class<?> module = loader.loadClass("test.ShopImpl");
    module.getField("pollutedPart").set(null, "chain");
    try {
      IllegalStateException translated =
          assertThrows(IllegalStateException.class, () -> call(shop, "chain"));
      assertThat(translated)
          .hasCauseThat()
          .hasMessageThat()
          .isEqualTo("a returned Optional<Node> holds a test.ShopImpl$Named, not a test.Node");
    } finally {
      module.getField("pollutedPart").set(null, "");
    }
  }

  private static void setNulls(boolean nulls) throws Exception {
    loader.loadClass("test.ShopImpl").getField("nulls").setBoolean(null, nulls);
  }

  private static Object bridge(BridgeContext context) throws Exception {
    Class<?> shop = loader.loadClass("test.Shop");
    Object target = loader.loadClass("test.ShopImpl").getConstructor().newInstance();
    return loader
        .loadClass("test.Shop_HostBridge")
        .getConstructor(BridgeContext.class, shop)
        .newInstance(context, target);
  }

  /** Calls a no-argument method through the interface the object implements. */
  private static Object call(Object target, String name) throws Exception {
    Method method = null;
    for (Class<?> type : target.getClass().getInterfaces()) {
      try {
        method = type.getMethod(name);
      } catch (NoSuchMethodException e) {
        // Another interface declares it.
      }
    }
    try {
      return method.invoke(target);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The exception a copy failed with, as the host-side bridge passed it to translate. */
  private static Throwable failure(Object shop, String name) {
    IllegalStateException translated =
        assertThrows(IllegalStateException.class, () -> call(shop, name));
    assertThat(translated).hasMessageThat().isEqualTo("translated");
    assertThat(translated).hasCauseThat().isInstanceOf(NullPointerException.class);
    return translated.getCause();
  }
}
