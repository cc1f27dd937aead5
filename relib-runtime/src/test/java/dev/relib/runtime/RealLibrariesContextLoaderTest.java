package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real libraries that look classes up through the context class loader, in a module loaded with the
 * defaults: the load must choose the switch, and every library must work as it does under a
 * standard loader. The jars come from Maven (see relib-runtime's pom), never the host's class path.
 */
class RealLibrariesContextLoaderTest {
  /**
   * Jackson binds JSON to the module's own class, Log4j 2 finds its core, Hibernate Validator its
   * provider and expression language, and a {@code ServiceLoader} lookup the module's own service.
   */
  private static final String BODY =
      """
      com.fasterxml.jackson.databind.ObjectMapper mapper =
          new com.fasterxml.jackson.databind.ObjectMapper();
      Point point = mapper.readValue("{\\"x\\":1,\\"y\\":2}", Point.class);
      String json = mapper.writeValueAsString(point);

      org.apache.logging.log4j.LogManager.getLogger("real").info("json {}", json);
      Object logContext = org.apache.logging.log4j.LogManager.getContext(false);
      String core = String.valueOf(
          logContext instanceof org.apache.logging.log4j.core.LoggerContext);

      String violation;
      try (jakarta.validation.ValidatorFactory factory =
          jakarta.validation.Validation.buildDefaultValidatorFactory()) {
        java.util.Set<jakarta.validation.ConstraintViolation<Named>> found =
            factory.getValidator().validate(new Named(null));
        violation = found.size() + " " + found.iterator().next().getMessage();
      }

      String services = java.util.ServiceLoader.load(Codec.class).stream()
          .map(provider -> provider.get().name())
          .collect(java.util.stream.Collectors.joining(","));
      return json + "|" + core + "|" + violation + "|" + services;
      """;

  private static final String MEMBERS =
      """
      public static final class Point {
        public int x;
        public int y;
      }

      public static final class Named {
        @jakarta.validation.constraints.NotNull public final String name;

        Named(String name) {
          this.name = name;
        }
      }

      public interface Codec {
        String name();
      }

      public static final class Upper implements Codec {
        @Override
        public String name() {
          return "upper";
        }
      }

      @dev.relib.BeforeUnload
      void stop() {
        org.apache.logging.log4j.LogManager.shutdown();
      }
      """;

  private static final UnloadOptions NO_PROOF =
      UnloadOptions.defaults().withCollectionTimeout(Duration.ZERO);

  @TempDir Path dir;

  @Test
  void jacksonLog4jHibernateValidatorAndAServiceLoaderWorkUnderTheDefault() {
    List<Path> jars = new ArrayList<>();
    for (String library : List.of("jackson", "log4j", "validator")) {
      jars.addAll(Fixtures.libraryJars(library));
    }
    TestModules module =
        TestModules.greeter(BODY, MEMBERS)
            .resource(
                "META-INF/services/m.GreeterModule$Codec",
                "m.GreeterModule$Upper\n".getBytes(StandardCharsets.UTF_8));
    jars.forEach(module::classPath);
    Path moduleJar = module.jarTo(dir.resolve("real.jar"));

    try (Relib relib = Relib.create()) {
      ModuleBuilder<Greeter> builder =
          relib.module(Greeter.class).provide(HostLog.class, message -> {}).libraries(jars);
      LoadedModule<Greeter> loaded = builder.load(moduleJar);

      ContextLoaderSwitch decided = loaded.contextLoaderSwitch();
      assertTrue(decided.on(), decided.toString());
      assertFalse(decided.forced());
      assertTrue(
          decided
              .reason()
              .startsWith(
                  "class m.GreeterModule of the module calls"
                      + " java.util.ServiceLoader.load(Class)"),
          decided.reason());
      assertEquals("{\"x\":1,\"y\":2}|true|1 must not be null|upper", loaded.exports().run("call"));
      // Whether each library lets go of the module is the library matrix's matter (Jackson's
      // buffer recycler stays softly reachable from this thread): no proof awaited here.
      loaded.unload(NO_PROOF);

      // What the switch buys: forced off, the module's own service is not found.
      LoadedModule<Greeter> without = builder.switchContextClassLoader(false).load(moduleJar);
      assertEquals("{\"x\":1,\"y\":2}|true|1 must not be null|", without.exports().run("call"));
      without.unload(NO_PROOF);
    }
  }

  /** A module that only uses Jackson is switched for what Jackson's own classes call. */
  @Test
  void aModuleThatOnlyUsesJacksonIsSwitchedForJacksonsSake() {
    List<Path> jars = Fixtures.libraryJars("jackson");
    TestModules module =
        TestModules.greeter(
            """
            return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\\"a\\":[1,2]}").get("a").toString();
            """,
            "");
    jars.forEach(module::classPath);
    Path moduleJar = module.jarTo(dir.resolve("jackson-only.jar"));

    try (Relib relib = Relib.create()) {
      LoadedModule<Greeter> loaded =
          relib
              .module(Greeter.class)
              .provide(HostLog.class, message -> {})
              .libraries(jars)
              .load(moduleJar);

      ContextLoaderSwitch decided = loaded.contextLoaderSwitch();
      assertTrue(decided.on(), decided.toString());
      assertTrue(
          decided
              .reason()
              .matches(
                  "class com\\.fasterxml\\.jackson\\.\\S+ of library jar"
                      + " jackson-\\S+\\.jar calls .*"),
          decided.reason());
      assertEquals("[1,2]", loaded.exports().run("call"));
    }
  }

}
