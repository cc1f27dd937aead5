package dev.relib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.relib.processor.TestSources.compile;
import static dev.relib.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module class's {@code @BeforeUnload} method may be inherited: the nearest declaration in the
 * class or its superclasses is the hook, overriding declarations are the same hook, and a second
 * distinct one is an error.
 */
class ModuleHierarchyTest {
  private static final JavaFileObject API =
      source("test.Api", "package test;", "", "@dev.relib.Exports", "public interface Api {}");

  @TempDir Path classPath;

  @Test
  void hookOfAnAbstractSuperclass() {
    JavaFileObject base =
        source(
            "test.Base",
            "package test;",
            "",
            "public abstract class Base {",
            "  @dev.relib.BeforeUnload",
            "  protected void close() {}",
            "}");
    JavaFileObject module = module("extends Base");
    Compilation compilation = compile(API, base, module);
    assertThat(compilation).succeededWithoutWarnings();
    assertStubCalls(compilation, "module.close();");
  }

  @Test
  void hookOfAConcreteSuperclassCompiledWithTheModule() {
    JavaFileObject base =
        source(
            "test.Base",
            "package test;",
            "",
            "public class Base {",
            "  @dev.relib.BeforeUnload",
            "  void stop() {}",
            "}");
    Compilation compilation = compile(API, base, module("extends Base"));
    assertThat(compilation).succeededWithoutWarnings();
    assertStubCalls(compilation, "module.stop();");
  }

  @Test
  void hookOverriddenWithoutTheAnnotationIsStillTheHook() {
    JavaFileObject base =
        source(
            "test.Base",
            "package test;",
            "",
            "public abstract class Base {",
            "  @dev.relib.BeforeUnload",
            "  public void close() {}",
            "}");
    JavaFileObject module =
        module("extends Base", "  @Override", "  public void close() {}", "", "  void other() {}");
    Compilation compilation = compile(API, base, module);
    assertThat(compilation).succeededWithoutWarnings();
    assertStubCalls(compilation, "module.close();");
  }

  @Test
  void hookAnnotatedAgainOnTheOverrideIsOneHook() {
    JavaFileObject base =
        source(
            "test.Base",
            "package test;",
            "",
            "public abstract class Base {",
            "  @dev.relib.BeforeUnload",
            "  public void close() {}",
            "}");
    JavaFileObject module =
        module(
            "extends Base", "  @Override", "  @dev.relib.BeforeUnload", "  public void close() {}");
    Compilation compilation = compile(API, base, module);
    assertThat(compilation).succeededWithoutWarnings();
    assertStubCalls(compilation, "module.close();");
  }

  @Test
  void hookOfASuperclassFromTheClassPath() throws IOException {
    TestSources.compileToDirectory(
        classPath,
        source(
            "lib.Base",
            "package lib;",
            "",
            "public abstract class Base {",
            "  @dev.relib.BeforeUnload",
            "  public void shutDown() {}",
            "}"));
    Compilation compilation =
        TestSources.compileWithClassPath(classPath, API, module("extends lib.Base"));
    assertThat(compilation).succeededWithoutWarnings();
    assertStubCalls(compilation, "module.shutDown();");
  }

  @Test
  void secondHookInASuperclass() {
    JavaFileObject base =
        source(
            "test.Base",
            "package test;",
            "",
            "public abstract class Base {",
            "  @dev.relib.BeforeUnload",
            "  void stop() {}",
            "}");
    JavaFileObject module =
        module("extends Base", "  @dev.relib.BeforeUnload", "  void close() {}");
    Compilation compilation = compile(API, base, module);
    assertThat(compilation)
        .hadErrorContaining(
            "[RelibBeforeUnloadDuplicate] @BeforeUnload method Base.stop is the second in"
                + " MyModule (the first is MyModule.close)")
        .inFile(base)
        .onLineContaining("void stop()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void packagePrivateHookInAnotherPackageFromTheClassPath() throws IOException {
    TestSources.compileToDirectory(
        classPath,
        source(
            "lib.Base",
            "package lib;",
            "",
            "public abstract class Base {",
            "  @dev.relib.BeforeUnload",
            "  protected void close() {}",
            "}"));
    JavaFileObject module = module("extends lib.Base");
    Compilation compilation = TestSources.compileWithClassPath(classPath, API, module);
    // The class file is not in this build: the error goes on the module class, naming the method.
    assertThat(compilation)
        .hadErrorContaining(
            "[RelibBeforeUnloadSignature] @BeforeUnload method Base.close is not public and is"
                + " declared in another package than the module class's: the method must take no"
                + " parameters, return void, and be neither static nor private, so that the"
                + " module stub can call it; make it public")
        .inFile(module)
        .onLineContaining("public class MyModule");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void exportsInterfaceThatExtendsAnotherStandsForBoth() {
    JavaFileObject child =
        source(
            "test.Child",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Child extends Api {",
            "  String name();",
            "}");
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements Child {",
            "  @Override",
            "  public String name() {",
            "    return \"child\";",
            "  }",
            "}");
    Compilation compilation = compile(API, child, module);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test/MyModule_ModuleStub")
        .contentsAsUtf8String()
        .contains("return new Child_HostBridge(context, module);");
  }

  @Test
  void twoUnrelatedExportsInterfacesAreStillAnError() {
    JavaFileObject other =
        source(
            "test.Other", "package test;", "", "@dev.relib.Exports", "public interface Other {}");
    JavaFileObject child =
        source(
            "test.Child",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Child extends Api {}");
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements Child, Other {}");
    Compilation compilation = compile(API, other, child, module);
    assertThat(compilation)
        .hadErrorContaining(
            "[RelibModuleExports] @Module class MyModule implements 2 @Exports interfaces: Child"
                + " and Other")
        .inFile(module)
        .onLineContaining("public class MyModule");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void constructorAndHookMayDeclareCheckedExceptions() {
    // Opening and closing files is what these do; the stub passes the exceptions to the runtime.
    JavaFileObject module =
        module(
            "",
            "  public MyModule() throws java.io.IOException {}",
            "  @dev.relib.BeforeUnload",
            "  void close() throws java.io.IOException, InterruptedException {}");
    Compilation compilation = compile(API, module);
    assertThat(compilation).succeededWithoutWarnings();
    assertStubCalls(compilation, "public void beforeUnload() throws Exception {");
  }

  private static JavaFileObject module(String extendsClause, String... body) {
    String[] lines = new String[5 + body.length];
    lines[0] = "package test;";
    lines[1] = "";
    lines[2] = "@dev.relib.Module";
    lines[3] = "public class MyModule " + extendsClause + " implements Api {";
    System.arraycopy(body, 0, lines, 4, body.length);
    lines[lines.length - 1] = "}";
    return source("test.MyModule", lines);
  }

  private static void assertStubCalls(Compilation compilation, String call) {
    assertThat(compilation)
        .generatedSourceFile("test/MyModule_ModuleStub")
        .contentsAsUtf8String()
        .contains(call);
    assertThat(compilation)
        .generatedSourceFile("test/MyModule_ModuleStub")
        .contentsAsUtf8String()
        .contains("return true;");
  }
}
