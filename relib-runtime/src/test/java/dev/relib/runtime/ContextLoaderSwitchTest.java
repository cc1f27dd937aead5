package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.internal.load.ContextLoaderReaders;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The context class loader switch as each load decides it: on for a module whose classes or
 * libraries read the context loader, off for one whose code never does, forced either way by the
 * host, and the one gap the scan has, named.
 */
class ContextLoaderSwitchTest {
  /** {@code run("context")}: whether a call sees the module's loader as its context loader. */
  private static final String READS =
      """
      return String.valueOf(
          Thread.currentThread().getContextClassLoader() == getClass().getClassLoader());
      """;

  /**
   * One use of each entry of {@link ContextLoaderReaders#READERS}, keyed by the entry's {@code
   * call()}: compiled into a library class of its own, its presence alone must turn the switch on.
   */
  private static final Map<String, String> USES = new LinkedHashMap<>();

  static {
    USES.put("*.getContextClassLoader()", "Thread.currentThread().getContextClassLoader();");
    USES.put(
        "java.util.ServiceLoader.load(Class)", "java.util.ServiceLoader.load(Runnable.class);");
    USES.put(
        "javax.xml.parsers.DocumentBuilderFactory.newInstance(...)",
        "javax.xml.parsers.DocumentBuilderFactory.newInstance();");
    USES.put(
        "javax.xml.parsers.DocumentBuilderFactory.newNSInstance(...)",
        "javax.xml.parsers.DocumentBuilderFactory.newNSInstance();");
    USES.put(
        "javax.xml.parsers.SAXParserFactory.newInstance(...)",
        "javax.xml.parsers.SAXParserFactory.newInstance();");
    USES.put(
        "javax.xml.parsers.SAXParserFactory.newNSInstance(...)",
        "javax.xml.parsers.SAXParserFactory.newNSInstance();");
    USES.put(
        "javax.xml.transform.TransformerFactory.newInstance(...)",
        "javax.xml.transform.TransformerFactory.newInstance();");
    USES.put(
        "javax.xml.datatype.DatatypeFactory.newInstance(...)",
        "javax.xml.datatype.DatatypeFactory.newInstance();");
    USES.put(
        "javax.xml.stream.XMLInputFactory.newInstance(...)",
        "javax.xml.stream.XMLInputFactory.newInstance();");
    USES.put(
        "javax.xml.stream.XMLInputFactory.newFactory(...)",
        "javax.xml.stream.XMLInputFactory.newFactory();");
    USES.put(
        "javax.xml.stream.XMLOutputFactory.newInstance(...)",
        "javax.xml.stream.XMLOutputFactory.newInstance();");
    USES.put(
        "javax.xml.stream.XMLOutputFactory.newFactory(...)",
        "javax.xml.stream.XMLOutputFactory.newFactory();");
    USES.put(
        "javax.xml.stream.XMLEventFactory.newInstance(...)",
        "javax.xml.stream.XMLEventFactory.newInstance();");
    USES.put(
        "javax.xml.stream.XMLEventFactory.newFactory(...)",
        "javax.xml.stream.XMLEventFactory.newFactory();");
    USES.put(
        "javax.xml.validation.SchemaFactory.newInstance(...)",
        "javax.xml.validation.SchemaFactory.newInstance(\"http://www.w3.org/2001/XMLSchema\");");
    USES.put(
        "javax.xml.xpath.XPathFactory.newInstance(...)",
        "javax.xml.xpath.XPathFactory.newInstance();");
    USES.put(
        "org.w3c.dom.bootstrap.DOMImplementationRegistry.newInstance(...)",
        "org.w3c.dom.bootstrap.DOMImplementationRegistry.newInstance();");
    USES.put(
        "org.xml.sax.helpers.XMLReaderFactory.createXMLReader(...)",
        "org.xml.sax.helpers.XMLReaderFactory.createXMLReader();");
    USES.put("new javax.naming.InitialContext(...)", "new javax.naming.InitialContext();");
    USES.put(
        "new javax.naming.directory.InitialDirContext(...)",
        "new javax.naming.directory.InitialDirContext();");
    USES.put(
        "new javax.naming.ldap.InitialLdapContext(...)",
        "new javax.naming.ldap.InitialLdapContext();");
    USES.put(
        "javax.naming.spi.NamingManager.*(...)",
        "javax.naming.spi.NamingManager.getInitialContext(new java.util.Hashtable<>());");
    USES.put(
        "javax.naming.spi.DirectoryManager.*(...)",
        "javax.naming.spi.DirectoryManager.getContinuationDirContext(null);");
    USES.put("new javax.script.ScriptEngineManager()", "new javax.script.ScriptEngineManager();");
    USES.put(
        "java.sql.DriverManager.*(...)", "java.sql.DriverManager.getConnection(\"jdbc:x:y\");");
    USES.put("java.beans.Beans.instantiate(...)", "java.beans.Beans.instantiate(null, \"x.Y\");");
    USES.put(
        "java.beans.Introspector.getBeanInfo(...)",
        "java.beans.Introspector.getBeanInfo(Object.class);");
    USES.put(
        "java.beans.EventHandler.create(...)",
        "java.beans.EventHandler.create(Runnable.class, new Object(), \"toString\");");
    USES.put(
        "java.util.logging.Logger.getLogger(String, String)",
        "java.util.logging.Logger.getLogger(\"x\", \"x.Messages\");");
    USES.put(
        "java.util.logging.LogManager.readConfiguration(...)",
        "java.util.logging.LogManager.getLogManager().readConfiguration();");
    USES.put(
        "new javax.security.auth.login.LoginContext(...)",
        "new javax.security.auth.login.LoginContext(\"x\");");
    USES.put(
        "javax.imageio.spi.ServiceRegistry.lookupProviders(Class)",
        "javax.imageio.spi.ServiceRegistry.lookupProviders(Runnable.class);");
    USES.put("javax.imageio.ImageIO.scanForPlugins()", "javax.imageio.ImageIO.scanForPlugins();");
  }

  @TempDir static Path shared;
  private static Path plainModule;
  private static Path readersClasses;

  @TempDir Path dir;
  private final Relib relib = Relib.create();

  @BeforeAll
  static void compileOnce() {
    plainModule = TestModules.greeter().jarTo(shared.resolve("plain.jar"));
    TestModules readers = TestModules.module().withoutProcessor();
    int i = 0;
    for (String use : USES.values()) {
      readers.source(
          "r.Reader" + i,
          """
          package r;

          public final class Reader%d {
            public static void use() throws Exception {
              %s
            }
          }
          """
              .formatted(i, use));
      i++;
    }
    readersClasses = readers.compileTo(shared.resolve("readers"));
  }

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  private ModuleBuilder<Greeter> builder(Relib runtime, HostLog log) {
    return runtime.module(Greeter.class).provide(HostLog.class, log);
  }

  private ModuleBuilder<Greeter> builder() {
    return builder(relib, message -> {});
  }

  @Test
  void aModuleOfPlainCodeDoesNotSwitch() throws IOException {
    List<ClassLoader> seenByHost = new CopyOnWriteArrayList<>();
    LoadedModule<Greeter> module =
        builder(relib, message -> seenByHost.add(Thread.currentThread().getContextClassLoader()))
            .load(plainModule);

    ContextLoaderSwitch decided = module.contextLoaderSwitch();
    assertFalse(decided.on(), decided.toString());
    assertFalse(decided.forced());
    assertTrue(
        decided.reason().startsWith("no class of the module reads the context class loader ("),
        decided.reason());

    // The bridges' flag is off: a call back into the host leaves the host's context loader as
    // the host set it, where a switching bridge would have set the API's loader.
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader marker = new URLClassLoader(new URL[0], null)) {
      thread.setContextClassLoader(marker);
      assertEquals("Hello, Ada", module.exports().greet("Ada"));
      assertEquals(List.of(marker), seenByHost);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void aModuleThatReadsTheContextLoaderSwitchesAndSaysWhichClassDoes() {
    LoadedModule<Greeter> module =
        builder().load(TestModules.greeter(READS, "").jarTo(dir.resolve("reads.jar")));

    ContextLoaderSwitch decided = module.contextLoaderSwitch();
    assertTrue(decided.on(), decided.toString());
    assertFalse(decided.forced());
    assertEquals(
        "class m.GreeterModule of the module calls java.lang.Thread.getContextClassLoader(),"
            + " which returns the context class loader",
        decided.reason());
    assertEquals("true", module.exports().run("context"));
  }

  @Test
  void theOneArgumentServiceLoaderSwitchesOthersDoNot() {
    ContextLoaderSwitch oneArgument =
        builder()
            .load(
                TestModules.greeter(
                        "return String.valueOf(java.util.ServiceLoader.load(Runnable.class)"
                            + ".findFirst().isPresent());",
                        "")
                    .jarTo(dir.resolve("service.jar")))
            .contextLoaderSwitch();
    ContextLoaderSwitch withLoaders =
        builder()
            .load(
                TestModules.greeter(
                        """
                        java.util.ServiceLoader.load(Runnable.class, getClass().getClassLoader());
                        java.util.ServiceLoader.loadInstalled(Runnable.class);
                        return "";
                        """,
                        "")
                    .jarTo(dir.resolve("loaders.jar")))
            .contextLoaderSwitch();

    assertTrue(oneArgument.on(), oneArgument.toString());
    assertTrue(
        oneArgument.reason().contains("calls java.util.ServiceLoader.load(Class), which loads"),
        oneArgument.reason());
    assertFalse(withLoaders.on(), withLoaders.toString());
  }

  @Test
  void aLibraryJarThatReadsTheContextLoaderSwitches() {
    Path libraryClasses =
        TestModules.module()
            .withoutProcessor()
            .source(
                "lib.Contexts",
                """
                package lib;

                public final class Contexts {
                  public static ClassLoader current() {
                    return Thread.currentThread().getContextClassLoader();
                  }
                }
                """)
            .compileTo(dir.resolve("contexts"));
    Path library = TestModules.jar(libraryClasses, dir.resolve("contexts.jar"));
    Path module =
        TestModules.greeter(
                "return String.valueOf(lib.Contexts.current() == getClass().getClassLoader());", "")
            .classPath(libraryClasses)
            .jarTo(dir.resolve("uses-library.jar"));

    LoadedModule<Greeter> loaded = builder().libraries(library).load(module);

    ContextLoaderSwitch decided = loaded.contextLoaderSwitch();
    assertTrue(decided.on(), decided.toString());
    assertEquals(
        "class lib.Contexts of library jar contexts.jar calls"
            + " java.lang.Thread.getContextClassLoader(), which returns the context class loader",
        decided.reason());
    assertEquals("true", loaded.exports().run("context"));
  }

  @Test
  void switchContextClassLoaderForcesEitherWay() {
    Path reads = TestModules.greeter(READS, "").jarTo(dir.resolve("reads.jar"));

    LoadedModule<Greeter> forcedOn = builder().switchContextClassLoader(true).load(plainModule);
    try (Relib off = Relib.builder().switchContextClassLoader(false).build()) {
      LoadedModule<Greeter> forcedOff = builder(off, message -> {}).load(reads);
      LoadedModule<Greeter> moduleWins =
          builder(off, message -> {}).switchContextClassLoader(true).load(reads);

      assertEquals(
          new ContextLoaderSwitch(
              false, true, "forced by Relib.Builder.switchContextClassLoader(false)"),
          forcedOff.contextLoaderSwitch());
      assertEquals("false", forcedOff.exports().run("context"));
      assertEquals(
          new ContextLoaderSwitch(
              true, true, "forced by ModuleBuilder.switchContextClassLoader(true)"),
          moduleWins.contextLoaderSwitch());
      assertEquals("true", moduleWins.exports().run("context"));
    }
    assertEquals(
        new ContextLoaderSwitch(
            true, true, "forced by ModuleBuilder.switchContextClassLoader(true)"),
        forcedOn.contextLoaderSwitch());
  }

  @Test
  void aLiveModuleSaysWhatItsCurrentVersionChose() throws IOException {
    Path classes = TestModules.greeter(READS, "").compileTo(dir.resolve("live"));
    try (LiveModule<Greeter> live = builder().watch(classes)) {
      assertTrue(live.contextLoaderSwitch().on(), live.contextLoaderSwitch().toString());
      assertEquals("true", live.exports().run("context"));
    }
  }

  static Stream<ContextLoaderReaders.Reader> readers() {
    return ContextLoaderReaders.READERS.stream();
  }

  /** Every entry of the list, used alone in a library class, turns the switch on and is named. */
  @ParameterizedTest
  @MethodSource("readers")
  void eachListedCallTurnsTheSwitchOn(ContextLoaderReaders.Reader reader) throws IOException {
    List<String> calls = new ArrayList<>(USES.keySet());
    int index = calls.indexOf(reader.call());
    assertTrue(index >= 0, "no use of " + reader.call() + " in USES: add one to test the entry");
    Path onlyThis = Files.createDirectories(dir.resolve("reader").resolve("r"));
    Files.copy(
        readersClasses.resolve("r/Reader" + index + ".class"),
        onlyThis.resolve("Reader" + index + ".class"));
    Path library = TestModules.jar(onlyThis.getParent(), dir.resolve("reader.jar"));

    ContextLoaderSwitch decided =
        builder().libraries(library).load(plainModule).contextLoaderSwitch();

    assertTrue(decided.on(), reader.call() + ": " + decided);
    String named = reader.owner() == null ? "" : reader.owner().replace('/', '.');
    assertTrue(
        decided.reason().startsWith("class r.Reader" + index + " of library jar reader.jar calls ")
            && decided.reason().contains(named)
            && decided
                .reason()
                .endsWith(reader.why().replaceFirst("\\bit\\b", "the context class loader")),
        decided.reason());
  }

  /**
   * The factories' other methods read nothing: a module that builds its own factory does not
   * switch.
   */
  @Test
  void aJaxpFactoryWithoutLookupDoesNotSwitch() {
    ContextLoaderSwitch decided =
        builder()
            .load(
                TestModules.greeter(
                        """
                        javax.xml.parsers.DocumentBuilderFactory factory =
                            javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance();
                        factory.setNamespaceAware(true);
                        return String.valueOf(factory.isNamespaceAware());
                        """,
                        "")
                    .jarTo(dir.resolve("default-factory.jar")))
            .contextLoaderSwitch();
    assertFalse(decided.on(), decided.toString());
  }

  @Test
  void everyUseIsOfAListedCall() {
    List<String> listed = readers().map(ContextLoaderReaders.Reader::call).toList();
    assertEquals(listed, new ArrayList<>(USES.keySet()));
  }

  /**
   * The gap, named: a read of the context loader through reflection leaves no call in the class
   * file, so the scan does not see it and the switch stays off. The README tells the user to force
   * it, and forcing it works.
   */
  @Test
  void aReadThroughReflectionIsNotSeenAndTheReadmeSaysHowToForceTheSwitch() throws IOException {
    Path module =
        TestModules.greeter(
                """
                Object loader = Thread.class.getMethod("getContextClassLoader")
                    .invoke(Thread.currentThread());
                return String.valueOf(loader == getClass().getClassLoader());
                """,
                "")
            .jarTo(dir.resolve("reflective.jar"));

    LoadedModule<Greeter> missed = builder().load(module);
    assertFalse(missed.contextLoaderSwitch().on(), missed.contextLoaderSwitch().toString());
    assertEquals("false", missed.exports().run("context"));

    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## The context class loader");
    assertTrue(section >= 0, "README.md has no section on the context class loader");
    String text = readme.substring(section, readme.indexOf("\n## ", section + 1));
    assertTrue(text.contains("reflection"), text);
    assertTrue(text.contains(".switchContextClassLoader(true)"), text);

    LoadedModule<Greeter> forced = builder().switchContextClassLoader(true).load(module);
    assertEquals("true", forced.exports().run("context"));
  }
}
