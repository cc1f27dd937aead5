package dev.relib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.relib.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated code stays correct whatever the user's names: a bridge implements its interface, so it
 * inherits the interface's member types and fields, and a generated file does not import {@code
 * java.lang}, so the types of its package hide {@code java.lang} types of the same names. Each case
 * here once generated code that did not compile.
 */
class GeneratedNamesTest {
  private static final JavaFileObject HANDLE =
      source(
          "test.Handle",
          "package test;",
          "",
          "@dev.relib.Exports",
          "public interface Handle {",
          "  String id();",
          "}");

  @Test
  void interfaceFieldNamedContext() {
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  String context = \"main\";",
            "",
            "  String name(String context);",
            "",
            "  java.util.List<Handle> handles();",
            "}");
    Compilation compilation = compileStrictly(HANDLE, api);
    assertThat(compilation).succeededWithoutWarnings();
    // Bridge's fields are not visible to the bridge: the generated code reaches them through
    // Calls, so neither the constant nor the parameter can hide them.
    assertThat(compilation)
        .generatedSourceFile("test/Api_HostBridge")
        .contentsAsUtf8String()
        .contains("return target.name(context);");
    assertThat(compilation)
        .generatedSourceFile("test/Api_HostBridge")
        .contentsAsUtf8String()
        .contains("copy.add(new Handle_HostBridge(Calls.context(this), element));");
  }

  @Test
  void interfaceFieldAndParameterNamedSwitchesContextLoader() {
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  boolean switchesContextLoader = true;",
            "",
            "  String name(boolean switchesContextLoader);",
            "}");
    Compilation compilation = compileStrictly(api);
    assertThat(compilation).succeededWithoutWarnings();
    // Neither the constant nor the parameter can hide what the bridge reads through Calls.
    assertThat(compilation)
        .generatedSourceFile("test/Api_HostBridge")
        .contentsAsUtf8String()
        .contains("ClassLoader previous = Calls.enter(this);");
    assertThat(compilation)
        .generatedSourceFile("test/Api_HostBridge")
        .contentsAsUtf8String()
        .contains("return target.name(switchesContextLoader);");
  }

  @Test
  void interfaceMemberTypesNamedLikeTheTypesABridgeUses() {
    JavaFileObject base =
        source(
            "test.Base",
            "package test;",
            "",
            "public interface Base {",
            "  final class Throwable {}",
            "",
            "  record BridgeContext(int value) {}",
            "}");
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "import java.util.List;",
            "import java.util.Map;",
            "import java.util.Set;",
            "",
            "@dev.relib.Imports",
            "public interface Api extends Base {",
            "  List<String> names();",
            "",
            "  Set<String> tags();",
            "",
            "  Map<String, Integer> counts();",
            "",
            "  final class Fingerprint {}",
            "",
            "  final class ClassLoader {}",
            "",
            "  final class Override {}",
            "",
            "  final class Collections {}",
            "",
            "  final class LinkedHashSet {}",
            "",
            "  final class LinkedHashMap {}",
            "",
            "  final class NullPointerException {}",
            "",
            "  final class Bridge {}",
            "",
            "  final class BridgeSide {}",
            "",
            "  final class Calls {}",
            "}");
    Compilation compilation = compileStrictly(api, base);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test/Api_ModuleBridge")
        .contentsAsUtf8String()
        .contains(
            "java.lang.ClassLoader previous = dev.relib.bridge.Calls.enterHost(this);");
  }

  @Test
  void packageTypesNamedLikeJavaLangTypes() {
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  java.util.List<Handle> handles();",
            "}");
    JavaFileObject module =
        source(
            "test.ApiModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public final class ApiModule implements Api {",
            "  @java.lang.Override",
            "  public java.util.List<Handle> handles() {",
            "    return java.util.List.of();",
            "  }",
            "}");
    Compilation compilation =
        compileStrictly(
            HANDLE,
            api,
            module,
            source("test.Throwable", "package test;", "", "public final class Throwable {}"),
            source("test.ClassLoader", "package test;", "", "public final class ClassLoader {}"),
            source("test.Override", "package test;", "", "public final class Override {}"),
            source("test.Class", "package test;", "", "public final class Class {}"),
            source(
                "test.NullPointerException",
                "package test;",
                "",
                "public final class NullPointerException {}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test/ApiModule_ModuleStub")
        .contentsAsUtf8String()
        .contains("public java.lang.Class<?> exportsType()");
  }

  @Test
  void interfacesNamedLikeTheTypesABridgeUses() {
    JavaFileObject fingerprint =
        source(
            "test.Fingerprint",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Fingerprint {",
            "  java.util.List<BridgeContext> contexts();",
            "}");
    JavaFileObject context =
        source(
            "test.BridgeContext",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface BridgeContext {",
            "  java.util.Set<String> names();",
            "}");
    JavaFileObject collections =
        source(
            "test.Collections",
            "package test;",
            "",
            "@dev.relib.Imports",
            "public interface Collections {",
            "  java.util.Map<String, String> all();",
            "}");
    assertThat(compileStrictly(fingerprint, context, collections)).succeededWithoutWarnings();
  }

  private static Compilation compileStrictly(JavaFileObject... sources) {
    return javac()
        .withProcessors(new RelibProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(sources);
  }
}
