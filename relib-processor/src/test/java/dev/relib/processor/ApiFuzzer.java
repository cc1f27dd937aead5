package dev.relib.processor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Writes random relib APIs from a seed, and knows what the processor must say about each.
 *
 * <p>An input is one package: API interfaces on either side or both (top-level or nested, with
 * plain and generic superinterfaces, default, static and private methods, overloads, callbacks and
 * handles), the types their signatures use (primitives, boxes, JDK value types, enums, records,
 * generic and recursive records, {@code @Copy} classes, arrays, lists, sets, maps and optionals,
 * classes with copy constructors or {@code copy()}, mutable classes, JDK collections, wildcards),
 * sometimes a {@code @Module} class, and annotations in odd places. Into some inputs the generator
 * plants one or more defects, each with the tags it must produce; an input without defects must
 * compile cleanly. Each type it draws carries what the rules say of it (Copy or not, on which sides
 * it may be returned, which errors merely reaching it causes), so the generator can draw valid
 * types for valid slots and exactly one kind of wrong type for a planted defect.
 */
final class ApiFuzzer {
  /** A defect planted in an input: what it is, the tags it must produce, and tags it may add. */
  record Defect(String what, Set<String> required, Set<String> allowed) {
    Set<String> all() {
      Set<String> all = new TreeSet<>(required);
      all.addAll(allowed);
      return all;
    }
  }

  /** One input: the sources of one package, and what the processor must make of them. */
  static final class Input {
    final String packageName;

    /** Sources by top-level type name. */
    final Map<String, String> files = new TreeMap<>();

    final List<Defect> defects = new ArrayList<>();

    /**
     * Paths of the sources it generates when it has no defect, e.g. {@code p/A_HostBridge.java}.
     */
    final Set<String> expectedSources = new TreeSet<>();

    /** Paths of the resources it generates when it has no defect. */
    final Set<String> expectedResources = new TreeSet<>();

    Input(String packageName) {
      this.packageName = packageName;
    }

    boolean valid() {
      return defects.isEmpty();
    }

    String path(String typeName) {
      return packageName.replace('.', '/') + "/" + typeName + ".java";
    }

    /** The input as a failure message shows it. */
    String describe() {
      StringBuilder text = new StringBuilder();
      text.append("input ").append(packageName).append(", defects: ").append(defects).append('\n');
      files.forEach(
          (name, source) -> text.append("--- ").append(path(name)).append('\n').append(source));
      return text.toString();
    }
  }

  /** A type as a signature writes it, with what the boundary's rules say of it. */
  static final class Ty {
    private static final Set<Side> ALL = Set.copyOf(EnumSet.allOf(Side.class));
    private static final Set<Side> NONE = Set.of();

    final String text;
    final boolean copy;

    /** The sides whose methods may return it (handles inside included). */
    final Set<Side> returnable;

    /**
     * The sides whose methods may not return it because of a handle of the other side, alone or
     * inside it: the first part the bridge rejects is such a handle.
     */
    final Set<Side> wrongSide;

    /** For an interface type itself, the sides it is annotated with (empty: plain); else null. */
    final Set<Side> annotated;

    final boolean primitive;

    /** A raw type, which javac's lint warns about: only for inputs that fail anyway. */
    final boolean warns;

    /** Tags that merely reaching the type in a signature causes (bad @Copy types, hidden types). */
    final Set<String> reachTags;

    /** Whether the type is not loadable by a module: the slot is not checked further. */
    final boolean hidden;

    Ty(
        String text,
        boolean copy,
        Set<Side> returnable,
        Set<Side> wrongSide,
        Set<Side> annotated,
        boolean primitive,
        boolean warns,
        Set<String> reachTags,
        boolean hidden) {
      this.text = text;
      this.copy = copy;
      this.returnable = returnable;
      this.wrongSide = wrongSide;
      this.annotated = annotated;
      this.primitive = primitive;
      this.warns = warns;
      this.reachTags = reachTags;
      this.hidden = hidden;
    }

    static Ty copy(String text) {
      return new Ty(text, true, ALL, NONE, null, false, false, Set.of(), false);
    }

    static Ty primitive(String text) {
      return new Ty(text, true, ALL, NONE, null, true, false, Set.of(), false);
    }

    static Ty clonable(String text) {
      return new Ty(text, false, ALL, NONE, null, false, false, Set.of(), false);
    }

    static Ty rejected(String text, boolean warns) {
      return new Ty(text, false, NONE, NONE, null, false, warns, Set.of(), false);
    }

    /** An interface annotated for {@code sides}: a handle on those, the wrong side on the other. */
    static Ty api(String text, Set<Side> sides) {
      Set<Side> wrongSide = EnumSet.noneOf(Side.class);
      for (Side side : Side.values()) {
        if (!sides.isEmpty() && !sides.contains(side)) {
          wrongSide.add(side);
        }
      }
      return new Ty(
          text, false, EnumSet.copyOf(sides), wrongSide, sides, false, false, Set.of(), false);
    }

    static Ty plainInterface(String text) {
      return new Ty(text, false, NONE, NONE, NONE, false, false, Set.of(), false);
    }

    /** A container of {@code parts} that is never Copy: a list, set, map or array. */
    static Ty container(String text, Ty... parts) {
      return composite(text, false, parts);
    }

    /**
     * A composite that is Copy when its parts are: an optional or a record. The parts come in the
     * order the bridge plans them (a map's key before its value, a record's components in order),
     * since the first part it rejects decides the tag.
     */
    static Ty composite(String text, boolean copyWhenPartsAre, Ty... parts) {
      boolean copy = copyWhenPartsAre;
      Set<Side> returnable = EnumSet.allOf(Side.class);
      Set<Side> wrongSide = EnumSet.noneOf(Side.class);
      boolean warns = false;
      boolean hidden = false;
      Set<String> reach = new TreeSet<>();
      for (Ty part : parts) {
        copy &= part.copy;
        for (Side side : Side.values()) {
          if (returnable.contains(side) && part.wrongSide.contains(side)) {
            wrongSide.add(side);
          }
        }
        returnable.retainAll(part.returnable);
        warns |= part.warns;
        hidden |= part.hidden;
        reach.addAll(part.reachTags);
      }
      return new Ty(text, copy, returnable, wrongSide, null, false, warns, reach, hidden);
    }

    /** The same parts, but a type the rules reject both ways (a JDK collection, a wildcard). */
    Ty rejectedKeeping() {
      return new Ty(text, false, NONE, NONE, null, false, warns, reachTags, hidden);
    }

    Ty withReach(String tag, boolean hides) {
      Set<String> reach = new TreeSet<>(reachTags);
      reach.add(tag);
      return new Ty(
          text, copy, returnable, wrongSide, annotated, primitive, warns, reach, hidden || hides);
    }

    /** Whether the type is a plain value: no defect reached, no warning. */
    boolean clean() {
      return reachTags.isEmpty() && !warns && !hidden;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** One method of an interface. */
  static final class Method {
    enum Kind {
      ABSTRACT,
      DEFAULT,
      STATIC,
      PRIVATE
    }

    Kind kind = Kind.ABSTRACT;
    String typeParameters = "";
    String returns = "void";
    String name;
    final List<String> parameters = new ArrayList<>();
    String throwsClause = "";

    String signature() {
      return (typeParameters.isEmpty() ? "" : typeParameters + " ")
          + returns
          + " "
          + name
          + "("
          + String.join(", ", parameters)
          + ")"
          + throwsClause;
    }

    String declaration() {
      return switch (kind) {
        case ABSTRACT -> "  " + signature() + ";\n";
        case DEFAULT -> "  default " + signature() + " {" + body(returns) + "}\n";
        case STATIC -> "  static " + signature() + " {" + body(returns) + "}\n";
        case PRIVATE -> "  private " + signature() + " {" + body(returns) + "}\n";
      };
    }

    /** An implementation in a module class. */
    String implementation(String override) {
      return "  @" + override + "\n  public " + signature() + " {" + body(returns) + "}\n";
    }

    /** The name and parameters: two methods with the same key are one in a class. */
    String key() {
      return name
          + parameters.stream()
              .map(p -> p.replace("@Borrowed ", "").replaceAll(" \\w+$", ""))
              .collect(Collectors.joining(",", "(", ")"));
    }

    boolean objectMethod() {
      return name.equals("toString") || name.equals("equals") || name.equals("hashCode");
    }

    boolean bridged() {
      return kind == Kind.ABSTRACT || kind == Kind.DEFAULT;
    }
  }

  /** An interface of the input, annotated or plain. */
  static final class Api {
    final String name;
    final String simpleName;
    final String flatName;
    final Set<Side> sides;
    final String holder;
    final List<Method> methods = new ArrayList<>();

    /** Abstract methods inherited from superinterfaces, with type arguments applied. */
    final List<Method> inherited = new ArrayList<>();

    final List<String> supertypes = new ArrayList<>();

    /** API interfaces it extends. */
    final List<Api> parents = new ArrayList<>();

    /** Constants and member types, written after the methods. */
    final List<String> members = new ArrayList<>();

    /** Simple names of its member types, which implementing classes inherit. */
    final Set<String> memberTypes = new TreeSet<>();

    String visibility = "public ";
    String typeParameters = "";

    Api(String simpleName, Set<Side> sides, String holder) {
      this.simpleName = simpleName;
      this.sides = sides;
      this.holder = holder;
      this.name = holder == null ? simpleName : holder + "." + simpleName;
      this.flatName = holder == null ? simpleName : holder + "_" + simpleName;
    }

    /** What a class implementing it must declare: Object implements its own methods already. */
    List<Method> toImplement() {
      Map<String, Method> all = new java.util.LinkedHashMap<>();
      methods.stream()
          .filter(m -> m.kind == Method.Kind.ABSTRACT && !m.objectMethod())
          .forEach(m -> all.putIfAbsent(m.key(), m));
      inherited.forEach(m -> all.putIfAbsent(m.key(), m));
      for (Api parent : parents) {
        parent.toImplement().forEach(m -> all.putIfAbsent(m.key(), m));
      }
      return new ArrayList<>(all.values());
    }

    /** The member types it and its parents declare. */
    Set<String> allMemberTypes() {
      Set<String> all = new TreeSet<>(memberTypes);
      parents.forEach(parent -> all.addAll(parent.allMemberTypes()));
      return all;
    }

    String declaration() {
      StringBuilder text = new StringBuilder();
      for (Side side : sides) {
        text.append(side == Side.EXPORTS ? "@Exports" : "@Imports").append('\n');
      }
      text.append(visibility).append("interface ").append(simpleName).append(typeParameters);
      if (!supertypes.isEmpty()) {
        text.append(" extends ").append(String.join(", ", supertypes));
      }
      text.append(" {\n");
      for (Method method : methods) {
        text.append(method.declaration());
      }
      for (String member : members) {
        text.append("  ").append(member).append('\n');
      }
      return text.append("}\n").toString();
    }
  }

  private static final String[] PARAMETER_NAMES = {
    "value",
    "target",
    "previous",
    "e",
    "result",
    "context",
    "copy",
    "element",
    "entry",
    "i",
    "items",
    "name",
    "count",
    "listener",
    "session",
    "other",
    "x"
  };

  private static final String[] METHOD_NAMES = {
    "get",
    "name",
    "list",
    "fetch",
    "open",
    "count",
    "run",
    "call",
    "apply",
    "size",
    "items",
    "target",
    "context",
    "previous",
    "result",
    "unloaded",
    "enter",
    "exit",
    "translate",
    "value"
  };

  private static final String[] JDK_COPY = {
    "String",
    "Integer",
    "Long",
    "Double",
    "Boolean",
    "Character",
    "Byte",
    "Short",
    "Float",
    "UUID",
    "BigDecimal",
    "BigInteger",
    "Instant",
    "LocalDate",
    "LocalTime",
    "LocalDateTime",
    "ZonedDateTime",
    "OffsetDateTime",
    "Duration",
    "Period",
    "Year",
    "YearMonth",
    "MonthDay",
    "ZoneId",
    "ZoneOffset",
    "OptionalInt",
    "OptionalLong",
    "OptionalDouble",
    "DayOfWeek",
    "Month",
    "java.util.concurrent.TimeUnit"
  };

  private static final String[] PRIMITIVES = {
    "int", "long", "double", "boolean", "char", "byte", "short", "float"
  };

  private final Random random;
  private final long seed;
  private Input input;
  private int counter;
  private final List<Api> apis = new ArrayList<>();
  private final List<Ty> declared = new ArrayList<>();
  private final Set<String> holders = new LinkedHashSet<>();
  private String pairName;

  /** Names from BRIDGE_TYPE_NAMES taken in this input, as a type or a member type. */
  private final Set<String> clashNamesTaken = new TreeSet<>();

  /** How deep declarations are nested while their parts are drawn: bounds the recursion. */
  private int nesting;

  ApiFuzzer(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** The inputs of this seed, each in its own package. */
  List<Input> inputs(int count) {
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inputs.add(input("fuzz.s" + Long.toUnsignedString(seed) + ".i" + i));
    }
    return inputs;
  }

  private Input input(String packageName) {
    input = new Input(packageName);
    counter = 0;
    apis.clear();
    declared.clear();
    holders.clear();
    pairName = null;
    clashNamesTaken.clear();

    int apiCount = 1 + random.nextInt(3);
    for (int i = 0; i < apiCount; i++) {
      newApi(randomSides());
    }
    for (Api api : List.copyOf(apis)) {
      addSupertypes(api);
      int methods = random.nextInt(6);
      for (int i = 0; i < methods; i++) {
        api.methods.add(validMethod(api));
      }
      addSpecials(api);
    }
    double roll = random.nextDouble();
    int defects = roll < 0.45 ? 0 : roll < 0.85 ? 1 : 2 + random.nextInt(2);
    boolean moduleDefect = false;
    for (int i = 0; i < defects; i++) {
      if (!moduleDefect && random.nextInt(4) == 0) {
        moduleDefect = true;
      } else {
        plantDefect();
      }
    }
    if (moduleDefect || random.nextInt(3) == 0) {
      module(moduleDefect);
    }
    addOddValidAnnotations();
    writeApis();
    return input;
  }

  // ---------------------------------------------------------------- declarations

  private String fresh(String prefix) {
    return prefix + (++counter);
  }

  private void file(String name, String body) {
    input.files.put(
        name,
        "package "
            + input.packageName
            + ";\n\n"
            + "import dev.relib.*;\n"
            + "import java.math.*;\n"
            + "import java.time.*;\n"
            + "import java.util.*;\n\n"
            + body);
  }

  private Set<Side> randomSides() {
    int roll = random.nextInt(20);
    return roll < 9
        ? EnumSet.of(Side.EXPORTS)
        : roll < 17 ? EnumSet.of(Side.IMPORTS) : EnumSet.allOf(Side.class);
  }

  /** A new API interface, top-level or nested in a holder class or interface. */
  private Api newApi(Set<Side> sides) {
    String holder = null;
    if (random.nextInt(4) == 0) {
      holder = fresh("Ho");
      holders.add(holder);
    }
    String simpleName = fresh("Ap");
    if (random.nextInt(12) == 0) {
      // Named like a type its bridge uses, in the package where the bridge is generated.
      String clash = BRIDGE_TYPE_NAMES[random.nextInt(BRIDGE_TYPE_NAMES.length)];
      if (!JAVA_LANG_NAMES.contains(clash) && clashNamesTaken.add(clash)) {
        simpleName = clash;
      }
    }
    Api api = new Api(simpleName, sides, holder);
    apis.add(api);
    if (!sides.isEmpty()) {
      for (Side side : sides) {
        input.expectedSources.add(
            input.packageName.replace('.', '/')
                + "/"
                + api.flatName
                + (side == Side.EXPORTS ? "_HostBridge" : "_ModuleBridge")
                + ".java");
      }
    }
    return api;
  }

  private void writeApis() {
    for (Api api : apis) {
      if (api.holder == null) {
        file(api.simpleName, api.declaration());
      }
    }
    for (String holder : holders) {
      StringBuilder body = new StringBuilder();
      boolean asInterface = holder.hashCode() % 2 == 0;
      body.append(asInterface ? "public interface " : "public final class ")
          .append(holder)
          .append(" {\n");
      if (!asInterface) {
        body.append("  private ").append(holder).append("() {}\n\n");
      }
      for (Api api : apis) {
        if (holder.equals(api.holder)) {
          body.append(indent(api.declaration()));
        }
      }
      file(holder, body.append("}\n").toString());
    }
  }

  /** Plain or generic superinterfaces, whose methods are valid on every side. */
  private void addSupertypes(Api api) {
    int roll = random.nextInt(7);
    if (roll == 2) {
      // Another API interface of the input, of at least the same sides: its methods, valid on
      // its sides, are valid on this one's.
      List<Api> parents =
          apis.subList(0, apis.indexOf(api)).stream()
              .filter(p -> p.sides.containsAll(api.sides) && p.typeParameters.isEmpty())
              .collect(Collectors.toList());
      if (!parents.isEmpty()) {
        Api parent = parents.get(random.nextInt(parents.size()));
        api.supertypes.add(parent.name);
        api.parents.add(parent);
      }
    } else if (roll == 0) {
      String base = fresh("Ba");
      Method method = new Method();
      method.name = fresh("base");
      method.returns = sample(t -> t.copy && t.clean(), () -> Ty.copy("String")).text;
      file(base, "public interface " + base + " {\n" + method.declaration() + "}\n");
      api.supertypes.add(base);
      api.inherited.add(method);
    } else if (roll == 1) {
      String source = fresh("Src");
      String getter = fresh("get");
      file(source, "public interface " + source + "<T> {\n  T " + getter + "();\n}\n");
      Ty argument =
          sample(
              t -> !t.primitive && t.clean() && t.annotated == null && returnsEverywhere(t, api),
              () -> Ty.clonable("List<String>"));
      api.supertypes.add(source + "<" + argument.text + ">");
      Method method = new Method();
      method.name = getter;
      method.returns = argument.text;
      api.inherited.add(method);
    }
  }

  private boolean returnsEverywhere(Ty type, Api api) {
    return returnTags(type, api.sides).isEmpty();
  }

  // ---------------------------------------------------------------- types

  /** A random type whose properties the rules decide; may declare the types it needs. */
  private Ty any(int depth, boolean reference) {
    if (nesting > 2) {
      return reference || random.nextBoolean()
          ? Ty.copy(JDK_COPY[random.nextInt(JDK_COPY.length)])
          : Ty.primitive(PRIMITIVES[random.nextInt(PRIMITIVES.length)]);
    }
    int roll = random.nextInt(depth <= 0 ? 9 : 24);
    switch (roll) {
      case 0:
        if (!reference) {
          return Ty.primitive(PRIMITIVES[random.nextInt(PRIMITIVES.length)]);
        }
        // fall through
      case 1:
      case 2:
        return Ty.copy(JDK_COPY[random.nextInt(JDK_COPY.length)]);
      case 3:
        return enumType();
      case 4:
        return copyClass();
      case 5:
        return classWithCopy();
      case 6:
        return random.nextBoolean()
            ? mutableClass()
            : Ty.rejected(random.nextBoolean() ? "Object" : "CharSequence", false);
      case 7:
        return interfaceType();
      case 8:
        return recursiveRecord();
      case 9:
      case 10:
        return record(depth);
      case 11:
        return pair(depth);
      case 12:
      case 13:
        {
          Ty element = any(depth - 1, true);
          String kind = random.nextBoolean() ? "List" : "Set";
          return Ty.container(kind + "<" + element.text + ">", element);
        }
      case 14:
        {
          Ty key = any(depth - 1, true);
          Ty value = any(depth - 1, true);
          return Ty.container("Map<" + key.text + ", " + value.text + ">", key, value);
        }
      case 15:
      case 16:
        {
          Ty element = any(depth - 1, true);
          return Ty.composite("Optional<" + element.text + ">", true, element);
        }
      case 17:
      case 18:
        {
          Ty element = any(depth - 1, false);
          return Ty.container(element.text + "[]", element);
        }
      case 19:
        {
          Ty element = any(depth - 1, true);
          String kind =
              new String[] {"ArrayList", "HashSet", "LinkedList", "Collection", "Iterable"}
                  [random.nextInt(5)];
          return Ty.composite(kind + "<" + element.text + ">", false, element).rejectedKeeping();
        }
      case 20:
        {
          Ty element = any(depth - 1, true);
          String kind = new String[] {"List", "Set", "Optional"}[random.nextInt(3)];
          return Ty.composite(kind + "<? extends " + element.text + ">", false, element)
              .rejectedKeeping();
        }
      case 21:
        return Ty.clonable("java.awt.Rectangle");
      default:
        return Ty.copy(JDK_COPY[random.nextInt(JDK_COPY.length)]);
    }
  }

  /** Draws types until one fits, or falls back. */
  private Ty sample(Predicate<Ty> fits, Supplier<Ty> fallback) {
    for (int i = 0; i < 40; i++) {
      Ty type = any(random.nextInt(4), false);
      if (fits.test(type)) {
        return type;
      }
    }
    return fallback.get();
  }

  private Ty pick(String tag, Supplier<Ty> create) {
    List<Ty> existing =
        declared.stream().filter(t -> t.text.startsWith(tag)).collect(Collectors.toList());
    if (!existing.isEmpty() && random.nextInt(3) > 0) {
      return existing.get(random.nextInt(existing.size()));
    }
    nesting++;
    try {
      Ty created = create.get();
      declared.add(created);
      return created;
    } finally {
      nesting--;
    }
  }

  private Ty enumType() {
    return pick(
        "En",
        () -> {
          String name = fresh("En");
          int constants = random.nextInt(4);
          List<String> names = new ArrayList<>();
          for (int i = 0; i < constants; i++) {
            names.add(String.valueOf((char) ('A' + i)));
          }
          String annotation = random.nextInt(4) == 0 ? "@Copy\n" : "";
          file(
              name,
              annotation
                  + "public enum "
                  + name
                  + " {\n  "
                  + String.join(", ", names)
                  + (random.nextBoolean()
                      ? ";\n\n  public int weight() {\n    return 1;\n  }\n"
                      : "\n")
                  + "}\n");
          return Ty.copy(name);
        });
  }

  /**
   * A valid @Copy class or record: final, with final fields of Copy types, each of which a bridge
   * can read (public, package-private in the API's package, or private with an accessor).
   */
  private Ty copyClass() {
    return pick(
        "Cp",
        () -> {
          String name = fresh("Cp");
          int fields = random.nextInt(4);
          List<Ty> types = new ArrayList<>();
          for (int i = 0; i < fields; i++) {
            types.add(sample(t -> t.copy && t.clean(), () -> Ty.copy("String")));
          }
          if (random.nextBoolean()) {
            List<String> components = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
              components.add(types.get(i).text + " f" + i);
            }
            file(
                name,
                "@Copy\npublic record " + name + "(" + String.join(", ", components) + ") {}\n");
          } else {
            StringBuilder body = new StringBuilder("@Copy\npublic final class " + name + " {\n");
            StringBuilder accessors = new StringBuilder();
            for (int i = 0; i < types.size(); i++) {
              // Each way a bridge reads a field that holds an Optional, drawn from the name so
              // that the random sequence, and so every seed's input, stays as it was.
              int access = Math.floorMod(name.hashCode() + i, 4);
              String text = types.get(i).text;
              body.append(access == 0 ? "  public" : access == 1 ? " " : "  private")
                  .append(" final ")
                  .append(text)
                  .append(" f")
                  .append(i)
                  .append(" = ")
                  .append(defaultValue(text))
                  .append(";\n");
              if (access >= 2) {
                accessors
                    .append("\n  public ")
                    .append(text)
                    .append(access == 2 ? " f" : " getF")
                    .append(i)
                    .append("() {\n    return f")
                    .append(i)
                    .append(";\n  }\n");
              }
            }
            if (random.nextBoolean()) {
              body.append("  private static int instances;\n");
            }
            file(name, body.append(accessors).append("}\n").toString());
          }
          return Ty.copy(name);
        });
  }

  /** A class copied by a public copy constructor or a public copy() method. */
  private Ty classWithCopy() {
    return pick(
        "Cc",
        () -> {
          String name = fresh("Cc");
          String body =
              random.nextBoolean()
                  ? "public "
                      + (random.nextBoolean() ? "final " : "")
                      + "class "
                      + name
                      + " {\n  private final int[] cells;\n\n  public "
                      + name
                      + "() {\n    cells = new int[1];\n  }\n\n  public "
                      + name
                      + "("
                      + name
                      + " other) {\n    cells = other.cells.clone();\n  }\n}\n"
                  : "public class "
                      + name
                      + " {\n  public int count;\n\n  public "
                      + name
                      + " copy() {\n    "
                      + name
                      + " copy = new "
                      + name
                      + "();\n    copy.count = count;\n    return copy;\n  }\n}\n";
          file(name, body);
          return Ty.clonable(name);
        });
  }

  private Ty mutableClass() {
    return pick(
        "Mu",
        () -> {
          String name = fresh("Mu");
          file(name, "public class " + name + " {\n  public int count;\n}\n");
          return Ty.rejected(name, false);
        });
  }

  /** An interface of the input, an API of either side or a plain one. */
  private Ty interfaceType() {
    List<Api> candidates =
        apis.stream().filter(api -> api.typeParameters.isEmpty()).collect(Collectors.toList());
    if (candidates.isEmpty() || random.nextInt(5) == 0) {
      return pick(
          "Pl",
          () -> {
            String name = fresh("Pl");
            file(name, "public interface " + name + " {\n  int size();\n}\n");
            return Ty.plainInterface(name);
          });
    }
    Api api = candidates.get(random.nextInt(candidates.size()));
    return Ty.api(api.name, api.sides);
  }

  private Ty recursiveRecord() {
    if (random.nextBoolean()) {
      return pick(
          "Nd",
          () -> {
            String name = fresh("Nd");
            file(name, "public record " + name + "(int value, " + name + " next) {}\n");
            return Ty.copy(name);
          });
    }
    return pick(
        "Tr",
        () -> {
          String name = fresh("Tr");
          file(name, "public record " + name + "(String name, List<" + name + "> children) {}\n");
          return Ty.clonable(name);
        });
  }

  /** A record of random components: Copy, clonable or neither, as its components are. */
  private Ty record(int depth) {
    nesting++;
    try {
      return newRecord(depth);
    } finally {
      nesting--;
    }
  }

  private Ty newRecord(int depth) {
    String name = fresh("Rc");
    int count = random.nextInt(4);
    List<Ty> components = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    String[] names = {"value", "copy", "context", "first", "items", "c4", "c5"};
    for (int i = 0; i < count; i++) {
      Ty component = cleanAny(Math.max(0, depth - 1), false);
      components.add(component);
      texts.add(component.text + " " + names[i]);
    }
    file(name, "public record " + name + "(" + String.join(", ", texts) + ") {}\n");
    return Ty.composite(name, true, components.toArray(new Ty[0]));
  }

  private Ty cleanAny(int depth, boolean reference) {
    for (int i = 0; i < 20; i++) {
      Ty type = any(depth, reference);
      if (type.clean()) {
        return type;
      }
    }
    return Ty.copy("String");
  }

  /** A generic record, {@code Pr<A, B>}, with type arguments. */
  private Ty pair(int depth) {
    if (pairName == null) {
      pairName = fresh("Pr");
      file(pairName, "public record " + pairName + "<A, B>(A first, B second) {}\n");
    }
    Ty first = any(depth - 1, true);
    Ty second = any(depth - 1, true);
    return Ty.composite(
        pairName + "<" + first.text + ", " + second.text + ">", true, first, second);
  }

  // ---------------------------------------------------------------- the rules, as tags

  /** The tags a non-borrowed or borrowed parameter of this type gets in an interface of sides. */
  static Set<String> parameterTags(Ty type, boolean borrowed, Set<Side> sides) {
    Set<String> tags = new TreeSet<>(type.reachTags);
    if (type.hidden) {
      return tags;
    }
    if (borrowed) {
      return tags;
    }
    for (Side side : sides) {
      if (type.annotated != null) {
        if (type.annotated.contains(side.opposite())) {
          continue;
        }
        tags.add(
            type.annotated.contains(side) ? "RelibSameSideParameter" : "RelibMutableParameter");
      } else if (!type.copy) {
        tags.add("RelibMutableParameter");
      }
    }
    return tags;
  }

  /** The tags a return of this type gets in an interface of sides. */
  static Set<String> returnTags(Ty type, Set<Side> sides) {
    Set<String> tags = new TreeSet<>(type.reachTags);
    if (type.hidden) {
      return tags;
    }
    for (Side side : sides) {
      if (!type.returnable.contains(side)) {
        tags.add(type.wrongSide.contains(side) ? "RelibWrongSideReturn" : "RelibUnsupportedReturn");
      }
    }
    return tags;
  }

  // ---------------------------------------------------------------- methods

  private Method validMethod(Api api) {
    int kind = random.nextInt(20);
    return validMethod(
        api,
        kind < 15
            ? Method.Kind.ABSTRACT
            : kind < 17
                ? Method.Kind.DEFAULT
                : kind < 19 ? Method.Kind.STATIC : Method.Kind.PRIVATE);
  }

  /** A method whose signature breaks no rule on the interface's sides. */
  private Method validMethod(Api api, Method.Kind kind) {
    Method method = new Method();
    method.kind = kind;
    method.name = fresh(METHOD_NAMES[random.nextInt(METHOD_NAMES.length)]);
    boolean bridged = method.bridged();
    int count = random.nextInt(5);
    List<String> names = new ArrayList<>(List.of(PARAMETER_NAMES));
    for (int i = 0; i < count; i++) {
      boolean borrowed = random.nextInt(5) == 0;
      boolean varargs = borrowed && i == count - 1 && random.nextInt(3) == 0;
      Ty type;
      if (varargs) {
        type = sample(t -> t.clean() && !t.text.contains("<"), () -> Ty.copy("String"));
      } else if (bridged) {
        type =
            sample(
                t -> t.clean() && parameterTags(t, borrowed, api.sides).isEmpty(),
                () -> Ty.copy("String"));
      } else {
        type = cleanAny(2, false);
      }
      String name = names.remove(random.nextInt(names.size()));
      method.parameters.add(
          (borrowed ? "@Borrowed " : "") + type.text + (varargs ? "... " : " ") + name);
    }
    if (random.nextInt(4) > 0) {
      Ty returned =
          bridged
              ? sample(
                  t -> t.clean() && returnTags(t, api.sides).isEmpty(), () -> Ty.copy("String"))
              : cleanAny(2, false);
      method.returns = returned.text;
    }
    if (random.nextInt(10) == 0) {
      method.throwsClause =
          random.nextBoolean() ? " throws java.io.IOException" : " throws Exception";
    }
    return method;
  }

  /** Valid members with odd names or shapes: Object's methods, names the bridge uses. */
  /** Names of types a bridge uses, which a bridge would inherit if the interface declared them. */
  private static final String[] BRIDGE_TYPE_NAMES = {
    "Fingerprint",
    "Bridge",
    "BridgeContext",
    "ClassLoader",
    "Throwable",
    "Collections",
    "Objects",
    "LinkedHashSet",
    "LinkedHashMap",
    "Generated",
    "NullPointerException",
    "Override"
  };

  /** Names of fields and locals a bridge uses. */
  private static final String[] BRIDGE_FIELD_NAMES = {
    "context", "target", "FINGERPRINT", "previous", "result", "e", "value"
  };

  private void addSpecials(Api api) {
    if (random.nextInt(5) == 0) {
      String name = BRIDGE_FIELD_NAMES[random.nextInt(BRIDGE_FIELD_NAMES.length)];
      if (api.members.stream().noneMatch(m -> m.contains(" " + name + " "))) {
        api.members.add(
            random.nextBoolean() ? "int " + name + " = 1;" : "String " + name + " = \"x\";");
      }
    }
    if (random.nextInt(5) == 0) {
      String name = BRIDGE_TYPE_NAMES[random.nextInt(BRIDGE_TYPE_NAMES.length)];
      if (clashNamesTaken.add(name) && api.memberTypes.add(name)) {
        api.members.add(
            random.nextBoolean()
                ? "final class " + name + " {}"
                : "record " + name + "(int value) {}");
      }
    }
    if (random.nextInt(8) == 0) {
      // Processors never see local types: the annotation is ignored, and so no error.
      api.members.add(
          "private static void "
              + fresh("locals")
              + "() {\n    @Exports\n    interface Local {}\n  }");
    }
    int roll = random.nextInt(10);
    Method method = new Method();
    switch (roll) {
      case 0 -> {
        method.returns = "String";
        method.name = "toString";
      }
      case 1 -> {
        method.returns = "boolean";
        method.name = "equals";
        method.parameters.add("Object other");
      }
      case 2 -> {
        method.name = "retarget";
        method.parameters.add("int target");
      }
      case 3 -> {
        method.returns = "List<String>";
        method.name = "copyListOfString";
        Method names = new Method();
        names.returns = "List<String>";
        names.name = fresh("names");
        api.methods.add(names);
      }
      case 4 -> {
        method.returns = api.name;
        method.name = "clone";
      }
      case 5 -> {
        // An overload: same name, another arity.
        Method first = validMethod(api, Method.Kind.ABSTRACT);
        api.methods.add(first);
        method = validMethod(api, Method.Kind.ABSTRACT);
        method.name = first.name;
        method.parameters.clear();
        method.parameters.addAll(first.parameters);
        method.parameters.add(0, "int overload");
      }
      default -> {
        return;
      }
    }
    api.methods.add(method);
  }

  // ---------------------------------------------------------------- defects

  private Api someApi() {
    List<Api> candidates =
        apis.stream()
            .filter(api -> !api.sides.isEmpty() && api.typeParameters.isEmpty())
            .collect(Collectors.toList());
    return candidates.isEmpty()
        ? newApi(randomSides())
        : candidates.get(random.nextInt(candidates.size()));
  }

  private void defect(String what, String required, String... allowed) {
    input.defects.add(new Defect(what, Set.of(required), Set.of(allowed)));
  }

  private void plantDefect() {
    int roll = random.nextInt(16);
    switch (roll) {
      case 0, 1 -> badSlot("RelibMutableParameter", true);
      case 2 -> badSlot("RelibSameSideParameter", true);
      case 3, 4 -> badSlot("RelibUnsupportedReturn", false);
      case 5 -> badSlot("RelibWrongSideReturn", false);
      case 6 -> genericMethod();
      case 7 -> reservedMethod();
      case 8 -> genericInterface();
      case 9 -> notAnInterface();
      case 10 -> notPublic();
      case 11 -> hiddenType();
      case 12, 13 -> badCopyType();
      case 14 -> rawType();
      default -> beforeUnloadOutside();
    }
  }

  /** A method with one parameter or return of exactly one wrong kind. */
  private void badSlot(String tag, boolean parameter) {
    Api api = someApi();
    Method method = validMethod(api, Method.Kind.ABSTRACT);
    Ty bad = null;
    for (int i = 0; i < 200 && bad == null; i++) {
      Ty type = i < 150 ? any(random.nextInt(4), false) : forced(tag, api);
      if (type != null
          && type.clean()
          && (parameter ? parameterTags(type, false, api.sides) : returnTags(type, api.sides))
              .equals(Set.of(tag))) {
        bad = type;
      }
    }
    if (bad == null) {
      // No type of this kind fits this interface (e.g. no other side exists): plant another.
      bad = Ty.rejected("ArrayList<String>", false);
      tag = parameter ? "RelibMutableParameter" : "RelibUnsupportedReturn";
    }
    if (parameter) {
      insertParameter(method, bad.text + " bad");
    } else {
      method.returns = bad.text;
    }
    api.methods.add(method);
    defect((parameter ? "parameter " : "return ") + bad.text + " in " + api.name, tag);
  }

  /** A type of the kind a tag needs, when drawing at random does not find one. */
  private Ty forced(String tag, Api api) {
    switch (tag) {
      case "RelibSameSideParameter", "RelibWrongSideReturn" -> {
        Side side = api.sides.iterator().next();
        Side wanted = tag.equals("RelibSameSideParameter") ? side : side.opposite();
        Api other = newApi(EnumSet.of(wanted));
        return Ty.api(other.name, other.sides);
      }
      default -> {
        return null;
      }
    }
  }

  /** Adds a parameter at a random place, but never after a varargs parameter. */
  private void insertParameter(Method method, String parameter) {
    List<String> parameters = method.parameters;
    boolean varargs =
        !parameters.isEmpty() && parameters.get(parameters.size() - 1).contains("...");
    parameters.add(random.nextInt(parameters.size() + (varargs ? 0 : 1)), parameter);
  }

  private void genericMethod() {
    Api api = someApi();
    Method method = new Method();
    method.name = fresh("pick");
    if (random.nextBoolean()) {
      method.typeParameters = "<T>";
      method.returns = "T";
      method.parameters.add("T value");
    } else {
      method.typeParameters = "<T extends Comparable<T>>";
      method.returns = "int";
      method.parameters.add("@Borrowed List<T> values");
    }
    api.methods.add(method);
    defect("generic method in " + api.name, "RelibGenericMethod");
  }

  private void reservedMethod() {
    Api api = someApi();
    if (api.methods.stream()
        .anyMatch(
            m ->
                m.name.equals("retarget")
                    && m.parameters.size() == 1
                    && m.parameters.get(0).endsWith("Object target"))) {
      api = newApi(randomSides());
    }
    Method method = new Method();
    method.name = "retarget";
    method.parameters.add((random.nextBoolean() ? "@Borrowed " : "") + "Object target");
    api.methods.add(method);
    defect("retarget(Object) in " + api.name, "RelibReservedMethod");
  }

  private void genericInterface() {
    Api api = newApi(randomSides());
    api.typeParameters = random.nextBoolean() ? "<T>" : "<K, V extends Comparable<V>>";
    Method method = new Method();
    method.name = fresh("get");
    method.returns = api.typeParameters.equals("<T>") ? "T" : "Map<K, V>";
    api.methods.add(method);
    // Its bridges are never written.
    input.expectedSources.removeIf(path -> path.contains("/" + api.flatName + "_"));
    defect("generic interface " + api.name, "RelibGenericInterface");
  }

  private void notAnInterface() {
    String name = fresh("Na");
    String annotation = random.nextBoolean() ? "@Exports" : "@Imports";
    String body =
        switch (random.nextInt(5)) {
          case 4 -> "@dev.relib.Module\npublic final class " + name + " {}\n";
          case 0 -> "public final class " + name + " {}\n";
          case 1 -> "public enum " + name + " {\n  A\n}\n";
          case 2 -> "public record " + name + "(int value) {}\n";
          default -> "public @interface " + name + " {}\n";
        };
    file(name, annotation + "\n" + body);
    // Also a module, it implements no @Exports interface.
    defect(annotation + " on a non-interface " + name, "RelibNotAnInterface", "RelibModuleExports");
  }

  private void notPublic() {
    Api api = newApi(randomSides());
    apis.remove(api);
    api.methods.add(validMethod(api));
    if (api.holder != null) {
      // A public interface nested in a package-private class.
      holders.remove(api.holder);
      file(api.holder, "final class " + api.holder + " {\n" + indent(api.declaration()) + "}\n");
    } else {
      api.visibility = "";
      file(api.simpleName, api.declaration());
    }
    input.expectedSources.removeIf(path -> path.contains("/" + api.flatName + "_"));
    defect("package-private interface " + api.name, "RelibNotPublic");
  }

  /** A package-private record reached from a signature, which a module cannot load. */
  private void hiddenType() {
    String name = fresh("Hd");
    file(name, "record " + name + "(int value) {}\n");
    Ty hidden = Ty.copy(name).withReach("RelibInaccessibleType", true);
    Api api = someApi();
    Method method = validMethod(api, Method.Kind.ABSTRACT);
    Ty wrapped = wrap(hidden);
    if (random.nextBoolean()) {
      insertParameter(
          method, (random.nextBoolean() ? "@Borrowed " : "") + wrapped.text + " hidden");
    } else {
      method.returns = wrapped.text;
    }
    api.methods.add(method);
    defect("hidden type " + wrapped.text + " in " + api.name, "RelibInaccessibleType");
  }

  /** The type alone, or inside a container. */
  private Ty wrap(Ty type) {
    return switch (random.nextInt(4)) {
      case 0 -> Ty.container("List<" + type.text + ">", type);
      case 1 -> Ty.composite("Optional<" + type.text + ">", true, type);
      case 2 -> Ty.container(type.text + "[]", type);
      default -> type;
    };
  }

  /** An @Copy type that is not immutable, used where the rest of the signature is valid. */
  private void badCopyType() {
    String name = fresh("Bc");
    String tag;
    String body;
    switch (random.nextInt(6)) {
      case 0 -> {
        tag = "RelibCopyNotFinal";
        body = "@Copy\npublic class " + name + " {\n  private final int value = 0;\n}\n";
      }
      case 1 -> {
        tag = "RelibCopyNotFinal";
        body = "@Copy\npublic interface " + name + " {}\n";
      }
      case 2 -> {
        tag = "RelibCopyNotFinal";
        body = "@Copy\npublic abstract class " + name + " {}\n";
      }
      case 3 -> {
        tag = "RelibCopyField";
        body = "@Copy\npublic final class " + name + " {\n  private int value;\n}\n";
      }
      case 4 -> {
        tag = "RelibCopyField";
        body =
            "@Copy\npublic final class "
                + name
                + " {\n  private final List<String> values = null;\n}\n";
      }
      default -> {
        tag = "RelibCopyField";
        body = "@Copy\npublic record " + name + "(int[] values) {}\n";
      }
    }
    file(name, body);
    Ty bad = Ty.copy(name).withReach(tag, false);
    Api api = someApi();
    Method method = validMethod(api, Method.Kind.ABSTRACT);
    if (random.nextBoolean()) {
      Ty slot = random.nextBoolean() ? bad : Ty.composite("Optional<" + name + ">", true, bad);
      insertParameter(method, slot.text + " copied");
    } else {
      method.returns = wrap(bad).text;
    }
    api.methods.add(method);
    defect("invalid @Copy type " + name + " used by " + api.name, tag);
  }

  /** A raw type, which the rules reject both as a parameter and as a return. */
  private void rawType() {
    Api api = someApi();
    Method method = validMethod(api, Method.Kind.ABSTRACT);
    String raw = new String[] {"List", "Map", "Optional", "Set"}[random.nextInt(4)];
    String tag;
    if (random.nextBoolean()) {
      method.returns = raw;
      tag = "RelibUnsupportedReturn";
    } else {
      insertParameter(method, raw + " raw");
      tag = "RelibMutableParameter";
    }
    api.methods.add(method);
    defect("raw " + raw + " in " + api.name, tag);
  }

  private void beforeUnloadOutside() {
    String name = fresh("Hk");
    String body =
        switch (random.nextInt(3)) {
          case 0 -> "public final class " + name + " {\n  @BeforeUnload\n  void close() {}\n}\n";
          case 1 ->
              "public interface " + name + " {\n  @BeforeUnload\n  default void close() {}\n}\n";
          default -> "public enum " + name + " {\n  A;\n\n  @BeforeUnload\n  void close() {}\n}\n";
        };
    file(name, body);
    defect("@BeforeUnload outside a module in " + name, "RelibBeforeUnloadOutsideModule");
  }

  // ---------------------------------------------------------------- modules

  private void module(boolean withDefect) {
    List<Api> exports =
        apis.stream()
            .filter(api -> api.sides.contains(Side.EXPORTS) && api.typeParameters.isEmpty())
            .collect(Collectors.toList());
    if (exports.isEmpty()) {
      exports.add(newApiWithMethods(EnumSet.of(Side.EXPORTS)));
    }
    Api exported = exports.get(random.nextInt(exports.size()));
    List<Api> imports =
        apis.stream()
            .filter(api -> api.sides.contains(Side.IMPORTS) && api.typeParameters.isEmpty())
            .collect(Collectors.toList());
    List<String> parameters = new ArrayList<>();
    for (Api api : imports) {
      if (random.nextBoolean()) {
        String borrowed = random.nextInt(6) == 0 ? "@Borrowed " : "";
        parameters.add(
            random.nextInt(parameters.size() + 1), borrowed + api.name + " " + fresh("import"));
      }
    }
    String name = fresh("Mod");
    String modifiers = "public final ";
    String typeParameters = "";
    String kind = "class";
    List<String> implemented = new ArrayList<>(List.of(exported.name));
    List<Method> methods = new ArrayList<>(exported.toImplement());
    String override = "Override";
    List<String> constructors = new ArrayList<>();
    String extendsClause = "";
    String hooks = "";
    boolean stub = true;

    int hook = random.nextInt(5);
    if (hook == 1 || hook == 2) {
      hooks = "  @BeforeUnload\n  " + (hook == 1 ? "" : "public ") + "void close() {}\n";
    } else if (hook == 3) {
      String base = fresh("Bm");
      file(
          base,
          "public abstract class " + base + " {\n  @BeforeUnload\n  protected void stop() {}\n}\n");
      extendsClause = " extends " + base;
      if (random.nextBoolean()) {
        hooks = "  @OVERRIDE\n  protected void stop() {}\n";
      }
    }

    if (withDefect) {
      switch (random.nextInt(13)) {
        case 0 -> {
          modifiers = "public abstract ";
          defect("abstract module", "RelibModuleShape");
        }
        case 1 -> {
          modifiers = "final ";
          defect("package-private module", "RelibModuleShape");
        }
        case 2 -> {
          typeParameters = "<T>";
          defect("generic module", "RelibModuleShape");
        }
        case 3 -> {
          implemented.clear();
          methods.clear();
          defect("module implementing nothing", "RelibModuleExports");
        }
        case 4 -> {
          Api second = newApiWithMethods(EnumSet.of(Side.EXPORTS));
          implemented.add(second.name);
          methods.addAll(second.toImplement());
          defect("module implementing two @Exports", "RelibModuleExports");
        }
        case 5 -> {
          constructors.add("  private " + name + "() {}\n");
          parameters = null;
          defect("module without a public constructor", "RelibModuleConstructor");
        }
        case 6 -> {
          constructors.add("  public " + name + "(int size, String label) {}\n");
          defect("module with two public constructors", "RelibModuleConstructor");
        }
        case 7 -> {
          parameters.add(
              random.nextInt(parameters.size() + 1),
              (random.nextBoolean() ? "String" : "int") + " " + fresh("notImported"));
          defect("module constructor taking a non-import", "RelibModuleConstructorParameter");
        }
        case 8 -> {
          Api imported =
              imports.isEmpty() ? newApiWithMethods(EnumSet.of(Side.IMPORTS)) : imports.get(0);
          parameters.add(imported.name + " " + fresh("first"));
          parameters.add(imported.name + " " + fresh("again"));
          defect("module taking an import twice", "RelibDuplicateImport");
        }
        case 9 -> {
          String[] wrong = {
            "  @BeforeUnload\n  static void close() {}\n",
            "  @BeforeUnload\n  private void close() {}\n",
            "  @BeforeUnload\n  void close(int timeout) {}\n",
            "  @BeforeUnload\n  int close() {\n    return 0;\n  }\n"
          };
          hooks = wrong[random.nextInt(wrong.length)];
          extendsClause = "";
          defect("module with a wrong @BeforeUnload", "RelibBeforeUnloadSignature");
        }
        case 10 -> {
          hooks += "  @BeforeUnload\n  void shutDown() {}\n  @BeforeUnload\n  void halt() {}\n";
          defect("module with two @BeforeUnload", "RelibBeforeUnloadDuplicate");
        }
        case 11 -> {
          String inner = fresh("In");
          String holder = fresh("Mh");
          stub = false;
          file(
              holder,
              "public final class "
                  + holder
                  + " {\n  @dev.relib.Module\n  public class "
                  + inner
                  + " implements "
                  + exported.name
                  + " {\n"
                  + indent(
                      methods.stream()
                          .map(
                              m ->
                                  m.implementation(
                                      exported.allMemberTypes().contains("Override")
                                          ? "java.lang.Override"
                                          : "Override"))
                          .collect(Collectors.joining()))
                  + "  }\n}\n");
          defect("inner module class", "RelibModuleShape");
          return;
        }
        default -> {
          kind = random.nextBoolean() ? "interface" : "enum";
          stub = false;
          String body =
              kind.equals("interface")
                  ? "@dev.relib.Module\npublic interface "
                      + name
                      + " extends "
                      + exported.name
                      + " {}\n"
                  : "@dev.relib.Module\npublic enum " + name + " {\n  A\n}\n";
          file(name, body);
          input.defects.add(
              new Defect(
                  "@Module on an " + kind,
                  Set.of("RelibModuleShape"),
                  Set.of("RelibModuleExports", "RelibModuleConstructor")));
          return;
        }
      }
    }

    StringBuilder body = new StringBuilder();
    body.append("@dev.relib.Module\n")
        .append(modifiers)
        .append(kind)
        .append(' ')
        .append(name)
        .append(typeParameters)
        .append(extendsClause);
    if (!implemented.isEmpty()) {
      body.append(" implements ").append(String.join(", ", implemented));
    }
    body.append(" {\n");
    if (parameters != null) {
      body.append("  public ")
          .append(name)
          .append('(')
          .append(String.join(", ", parameters))
          .append(") {}\n");
    }
    constructors.forEach(body::append);
    for (Api api : apis) {
      if (implemented.contains(api.name) && api.allMemberTypes().contains("Override")) {
        // The class inherits the interface's member type Override.
        override = "java.lang.Override";
      }
    }
    for (Method method : methods) {
      body.append(method.implementation(override));
    }
    body.append(hooks.replace("@OVERRIDE", "@" + override)).append("}\n");
    file(name, body.toString());
    if (stub) {
      String stubName = input.packageName.replace('.', '/') + "/" + name + "_ModuleStub";
      input.expectedSources.add(stubName + ".java");
      input.expectedResources.add(
          "META-INF/relib/stubs/" + input.packageName + "." + name + "_ModuleStub");
    }
  }

  private Api newApiWithMethods(Set<Side> sides) {
    Api api = newApi(sides);
    int methods = 1 + random.nextInt(3);
    for (int i = 0; i < methods; i++) {
      api.methods.add(validMethod(api));
    }
    return api;
  }

  /** Annotations where they are legal but unusual, none of them an error. */
  /** Names of java.lang types the generated code uses, never written by the inputs' own code. */
  private static final Set<String> JAVA_LANG_NAMES =
      Set.of("Throwable", "ClassLoader", "NullPointerException", "Override", "Class");

  private void addOddValidAnnotations() {
    if (random.nextInt(8) == 0) {
      // A type of the package named like a java.lang type that generated code does not import.
      String name =
          new String[] {"Throwable", "ClassLoader", "NullPointerException", "Class"}
              [random.nextInt(4)];
      if (!input.files.containsKey(name)) {
        file(name, "public final class " + name + " {}\n");
      }
    }
    if (random.nextInt(6) == 0) {
      String name = fresh("Ab");
      file(
          name,
          "public abstract class "
              + name
              + " {\n  @BeforeUnload\n  protected void close() {}\n}\n");
    }
  }

  // ---------------------------------------------------------------- text

  /** Indents every line by two spaces. */
  static String indent(String text) {
    return text.lines()
        .map(line -> line.isEmpty() ? line : "  " + line)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  static String body(String returns) {
    String value = defaultValue(returns);
    return value == null ? "" : "\n    return " + value + ";\n  ";
  }

  static String defaultValue(String type) {
    return switch (type) {
      case "void" -> null;
      case "boolean" -> "false";
      case "char" -> "'a'";
      case "int", "long", "double", "float", "short", "byte" -> "0";
      default -> "null";
    };
  }
}
