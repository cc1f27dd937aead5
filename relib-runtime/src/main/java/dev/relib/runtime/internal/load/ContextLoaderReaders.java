package dev.relib.runtime.internal.load;

import dev.relib.runtime.ContextLoaderSwitch;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The calls by which code reads the thread's context class loader, and a scan of a class file's
 * constant pool for them: how a module's load decides whether its calls switch the context class
 * loader (see {@link ContextLoaderSwitch}).
 *
 * <p>A class file names every method it calls in its constant pool, as a {@code Methodref} or
 * {@code InterfaceMethodref} entry: the class, the method's name and its descriptor. The scan reads
 * those entries and nothing else (no code attribute, no library): a call that appears there is
 * found whether or not it runs, and a call made through reflection, a method handle looked up by
 * name, or a class generated at run time is not. The list holds {@link
 * Thread#getContextClassLoader()} itself and the JDK entry points that read it on their caller's
 * behalf, each checked against the JDK 25 sources and, in the JDK 17 class files, for the read
 * itself (the entry point's class or its helper calls {@code getContextClassLoader} or the
 * one-argument {@code ServiceLoader.load}); a library's own code that reads it is found in the
 * library's jar.
 */
public final class ContextLoaderReaders {
  private ContextLoaderReaders() {}

  /**
   * One call that reads the context class loader.
   *
   * @param owner the internal name of the class the call names ({@code java/util/ServiceLoader}),
   *     or null for a method of this name and descriptor on any class (a subclass of {@link Thread}
   *     may be named as the owner)
   * @param name the method's name, or null for every method of {@code owner}
   * @param descriptor the method's descriptor, or null for every overload
   * @param why how the JDK reads the context class loader there
   */
  public record Reader(String owner, String name, String descriptor, String why) {
    /** The call as a user reads it: {@code java.util.ServiceLoader.load(Class)}. */
    public String call() {
      String type = owner == null ? "*" : owner.replace('/', '.');
      String arguments = "(" + (descriptor == null ? "..." : parameters()) + ")";
      if ("<init>".equals(name)) {
        return "new " + type + arguments;
      }
      return type + "." + (name == null ? "*" : name) + arguments;
    }

    private String parameters() {
      StringBuilder out = new StringBuilder();
      int i = 1;
      while (descriptor.charAt(i) != ')') {
        int start = i;
        while (descriptor.charAt(i) == '[') {
          i++;
        }
        int end = descriptor.charAt(i) == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
        String type = descriptor.substring(i, end);
        String simple =
            type.startsWith("L")
                ? type.substring(type.lastIndexOf('/') + 1, type.length() - 1)
                : switch (type.charAt(0)) {
                  case 'Z' -> "boolean";
                  case 'I' -> "int";
                  case 'J' -> "long";
                  default -> type;
                };
        if (out.length() > 0) {
          out.append(", ");
        }
        out.append(simple).append("[]".repeat(i - start));
        i = end;
      }
      return out.toString();
    }
  }

  /**
   * The calls, checked against the JDK's sources. Each has a use in {@code ContextLoaderSwitchTest}
   * that must turn the switch on alone. Left out on purpose: {@code ServiceLoader.loadInstalled}
   * (the platform loader), {@code ResourceBundle.getBundle} (the caller's module and loader),
   * {@code Class.forName} (the caller's loader), {@code DocumentBuilderFactory.newDefaultInstance}
   * and the other {@code newDefault*} factories (the JDK's own implementation, no lookup), {@code
   * MBeanServerFactory} and {@code Preferences} (only while a system property names a class the
   * system loader lacks).
   */
  public static final List<Reader> READERS =
      List.of(
          new Reader(null, "getContextClassLoader", "()Ljava/lang/ClassLoader;", "returns it"),
          new Reader(
              "java/util/ServiceLoader",
              "load",
              "(Ljava/lang/Class;)Ljava/util/ServiceLoader;",
              "loads providers through it"),
          factory("javax/xml/parsers/DocumentBuilderFactory", "newInstance"),
          factory("javax/xml/parsers/DocumentBuilderFactory", "newNSInstance"),
          factory("javax/xml/parsers/SAXParserFactory", "newInstance"),
          factory("javax/xml/parsers/SAXParserFactory", "newNSInstance"),
          factory("javax/xml/transform/TransformerFactory", "newInstance"),
          factory("javax/xml/datatype/DatatypeFactory", "newInstance"),
          factory("javax/xml/stream/XMLInputFactory", "newInstance"),
          factory("javax/xml/stream/XMLInputFactory", "newFactory"),
          factory("javax/xml/stream/XMLOutputFactory", "newInstance"),
          factory("javax/xml/stream/XMLOutputFactory", "newFactory"),
          factory("javax/xml/stream/XMLEventFactory", "newInstance"),
          factory("javax/xml/stream/XMLEventFactory", "newFactory"),
          factory("javax/xml/validation/SchemaFactory", "newInstance"),
          factory("javax/xml/xpath/XPathFactory", "newInstance"),
          new Reader(
              "org/w3c/dom/bootstrap/DOMImplementationRegistry",
              "newInstance",
              null,
              "loads DOM sources through it"),
          new Reader(
              "org/xml/sax/helpers/XMLReaderFactory",
              "createXMLReader",
              null,
              "finds the XMLReader through it"),
          naming("javax/naming/InitialContext"),
          naming("javax/naming/directory/InitialDirContext"),
          naming("javax/naming/ldap/InitialLdapContext"),
          new Reader(
              "javax/naming/spi/NamingManager",
              null,
              null,
              "finds factories and jndi.properties through it"),
          new Reader(
              "javax/naming/spi/DirectoryManager",
              null,
              null,
              "finds factories through it (as NamingManager)"),
          new Reader(
              "javax/script/ScriptEngineManager",
              "<init>",
              "()V",
              "finds script engines through it"),
          new Reader(
              "java/sql/DriverManager",
              null,
              null,
              "loads the drivers' service entries through it on first use"),
          new Reader(
              "java/beans/Beans",
              "instantiate",
              null,
              "loads the bean's class through it when no loader is given"),
          new Reader(
              "java/beans/Introspector",
              "getBeanInfo",
              null,
              "looks for BeanInfo and Customizer classes through it"),
          new Reader(
              "java/beans/EventHandler",
              "create",
              null,
              "defines the proxy through it for JDK listener interfaces"),
          new Reader(
              "java/util/logging/Logger",
              "getLogger",
              "(Ljava/lang/String;Ljava/lang/String;)Ljava/util/logging/Logger;",
              "finds the logger's resource bundle through it"),
          new Reader(
              "java/util/logging/LogManager",
              "readConfiguration",
              null,
              "loads the configured handlers' classes through it"),
          new Reader(
              "javax/security/auth/login/LoginContext",
              "<init>",
              null,
              "loads the login modules through it"),
          new Reader(
              "javax/imageio/spi/ServiceRegistry",
              "lookupProviders",
              "(Ljava/lang/Class;)Ljava/util/Iterator;",
              "loads providers through it"),
          new Reader(
              "javax/imageio/ImageIO",
              "scanForPlugins",
              "()V",
              "registers the plug-ins it finds through it"));

  private static Reader factory(String owner, String name) {
    // Without arguments they look the implementation up with ServiceLoader.load(Class); with a
    // class name and a null loader, and SchemaFactory/XPathFactory with a language or model, they
    // load through it too.
    return new Reader(owner, name, null, "finds the implementation through it");
  }

  private static Reader naming(String owner) {
    return new Reader(owner, "<init>", null, "finds the initial context factory through it");
  }

  /**
   * A call of {@link #READERS} named in a class file's constant pool.
   *
   * @param reader the entry of the list it matched
   * @param call the call as the class file names it: {@code
   *     java.lang.Thread.getContextClassLoader()}
   */
  public record Found(Reader reader, String call) {}

  private static final byte[][] OWNERS = new byte[READERS.size()][];
  private static final byte[][] NAMES = new byte[READERS.size()][];
  private static final byte[][] DESCRIPTORS = new byte[READERS.size()][];

  // A cheap first test: a call can match only if its name's length is one of the listed names'
  // lengths, or its owner's length one of the owners' whose every method is listed.
  private static final int LENGTHS = 256;
  private static final boolean[] NAME_LENGTHS = new boolean[LENGTHS];
  private static final boolean[] ANY_METHOD_OWNER_LENGTHS = new boolean[LENGTHS];

  static {
    for (int i = 0; i < READERS.size(); i++) {
      Reader reader = READERS.get(i);
      OWNERS[i] = bytes(reader.owner());
      NAMES[i] = bytes(reader.name());
      DESCRIPTORS[i] = bytes(reader.descriptor());
      if (NAMES[i] != null) {
        NAME_LENGTHS[NAMES[i].length] = true;
      } else {
        ANY_METHOD_OWNER_LENGTHS[OWNERS[i].length] = true;
      }
    }
  }

  private static byte[] bytes(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  private static final int UTF8 = 1;
  private static final int CLASS = 7;
  private static final int METHODREF = 10;
  private static final int INTERFACE_METHODREF = 11;
  private static final int NAME_AND_TYPE = 12;

  /**
   * The first call of {@link #READERS} that the class file names, or null. A file that is not a
   * class file, or is cut short, names none: the loader will refuse it when it is defined.
   */
  public static Found find(byte[] bytes) {
    try {
      return scan(bytes);
    } catch (ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  private static Found scan(byte[] bytes) {
    if (bytes.length < 10 || u4(bytes, 0) != 0xCAFEBABE) {
      return null;
    }
    int count = u2(bytes, 8);
    // Where each entry starts; the tag is at that offset.
    int[] offsets = new int[count];
    int at = 10;
    boolean refs = false;
    for (int index = 1; index < count; index++) {
      offsets[index] = at;
      int tag = bytes[at];
      switch (tag) {
        case UTF8 -> at += 3 + u2(bytes, at + 1);
        case 3, 4 -> at += 5; // Integer, Float
        case 5, 6 -> { // Long, Double take two slots
          at += 9;
          index++;
        }
        case CLASS, 8, 16, 19, 20 -> at += 3; // Class, String, MethodType, Module, Package
        case 15 -> at += 4; // MethodHandle
        case METHODREF, INTERFACE_METHODREF -> {
          refs = true;
          at += 5;
        }
        case 9, NAME_AND_TYPE, 17, 18 -> at += 5; // Fieldref, NameAndType, (Invoke)Dynamic
        default -> {
          return null;
        }
      }
    }
    if (!refs) {
      return null;
    }
    for (int index = 1; index < count; index++) {
      int entry = offsets[index];
      int tag = bytes[entry];
      if (tag != METHODREF && tag != INTERFACE_METHODREF) {
        continue;
      }
      int nameAndType = offsets[u2(bytes, entry + 3)];
      int name = offsets[u2(bytes, nameAndType + 1)];
      int owner = offsets[u2(bytes, offsets[u2(bytes, entry + 1)] + 1)];
      int nameLength = u2(bytes, name + 1);
      int ownerLength = u2(bytes, owner + 1);
      if (!(nameLength < LENGTHS && NAME_LENGTHS[nameLength])
          && !(ownerLength < LENGTHS && ANY_METHOD_OWNER_LENGTHS[ownerLength])) {
        continue;
      }
      int descriptor = offsets[u2(bytes, nameAndType + 3)];
      for (int i = 0; i < NAMES.length; i++) {
        if ((NAMES[i] == null || utf8Equals(bytes, name, NAMES[i]))
            && (OWNERS[i] == null || utf8Equals(bytes, owner, OWNERS[i]))
            && (DESCRIPTORS[i] == null || utf8Equals(bytes, descriptor, DESCRIPTORS[i]))) {
          Reader called =
              new Reader(utf8(bytes, owner), utf8(bytes, name), utf8(bytes, descriptor), null);
          return new Found(READERS.get(i), called.call());
        }
      }
    }
    return null;
  }

  private static boolean utf8Equals(byte[] bytes, int entry, byte[] expected) {
    int length = u2(bytes, entry + 1);
    if (length != expected.length) {
      return false;
    }
    int start = entry + 3;
    for (int i = 0; i < length; i++) {
      if (bytes[start + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static String utf8(byte[] bytes, int entry) {
    // Class names are plain in practice; modified UTF-8 differs from UTF-8 only for NUL and
    // supplementary characters, which a message can show approximately.
    return new String(bytes, entry + 3, u2(bytes, entry + 1), StandardCharsets.UTF_8);
  }

  private static int u2(byte[] bytes, int at) {
    return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
  }

  private static int u4(byte[] bytes, int at) {
    return u2(bytes, at) << 16 | u2(bytes, at + 2);
  }
}
