package dev.relib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.relib.processor.TestSources.compile;
import static dev.relib.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** What the fingerprint of an interface records of the classes its bridge copies. */
class FingerprintTest {
  private static final JavaFileObject API =
      source(
          "test.Api",
          "package test;",
          "",
          "@dev.relib.Exports",
          "public interface Api {",
          "  Matrix matrix();",
          "}");

  /**
   * A class copied through a {@code copy()} it inherits: the bridge calls it, and the fingerprint
   * says so, so that a module built when the class could be copied that way is refused by a host
   * whose class no longer can. Inherited from a generic superclass ({@code T copy()} seen as {@code
   * Matrix copy()}), and from a plain one.
   */
  @Test
  void aCopyMethodInheritedFromASuperclassIsCopiedAndFingerprinted() {
    JavaFileObject generic =
        source(
            "test.Copyable",
            "package test;",
            "",
            "public abstract class Copyable<T extends Copyable<T>> {",
            "  protected abstract T fresh();",
            "",
            "  public T copy() {",
            "    return fresh();",
            "  }",
            "}");
    JavaFileObject fromGeneric =
        source(
            "test.Matrix",
            "package test;",
            "",
            "public final class Matrix extends Copyable<Matrix> {",
            "  @Override",
            "  protected Matrix fresh() {",
            "    return new Matrix();",
            "  }",
            "}");
    JavaFileObject plain =
        source(
            "test.Base",
            "package test;",
            "",
            "public class Base {",
            "  public Matrix copy() {",
            "    return new Matrix();",
            "  }",
            "}");
    JavaFileObject fromPlain =
        source("test.Matrix", "package test;", "", "public final class Matrix extends Base {", "}");
    for (Compilation compilation :
        new Compilation[] {compile(generic, fromGeneric, API), compile(plain, fromPlain, API)}) {
      assertThat(compilation).succeededWithoutWarnings();
      assertThat(compilation)
          .generatedSourceFile("test/Api_HostBridge")
          .contentsAsUtf8String()
          .contains("return value == null ? null : value.copy();");
      assertThat(compilation)
          .generatedSourceFile("test/Api_HostBridge")
          .contentsAsUtf8String()
          .contains("test.Matrix#copy()test.Matrix");
    }
  }

  @Test
  void aCopyConstructorIsFingerprintedOnlyWhenTheBridgeCanCallIt() {
    JavaFileObject open =
        source(
            "test.Matrix",
            "package test;",
            "",
            "public final class Matrix {",
            "  public Matrix() {}",
            "",
            "  public Matrix(Matrix other) {}",
            "}");
    Compilation compilation = compile(open, API);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test/Api_HostBridge")
        .contentsAsUtf8String()
        .contains("test.Matrix(test.Matrix)");
    JavaFileObject closed =
        source(
            "test.Matrix",
            "package test;",
            "",
            "public final class Matrix {",
            "  public Matrix() {}",
            "",
            "  Matrix(Matrix other) {}",
            "}");
    assertThat(compile(closed, API)).hadErrorContaining("[RelibUnsupportedReturn]");
  }
}
