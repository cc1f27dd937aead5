package dev.relib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.relib.processor.TestSources.compile;
import static dev.relib.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** What the fingerprint of an interface records of the classes its bridge copies. */
class FingerprintTest {
  private static final JavaFileObject COPYABLE =
      source(
          "test.Copyable",
          "package test;",
          "",
          "public abstract class Copyable<T> {",
          "  public abstract T copy();",
          "}");

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
   * A class copied through a {@code copy()} it inherits from a generic superclass: the bridge calls
   * it, and the fingerprint says so, so that a module built when the class could be copied that way
   * is refused by a host whose class no longer can.
   */
  @Test
  void aCopyMethodInheritedFromAGenericSuperclassIsCopiedAndFingerprinted() {
    JavaFileObject matrix =
        source(
            "test.Matrix",
            "package test;",
            "",
            "public final class Matrix extends Copyable<Matrix> {",
            "  public int[] cells = new int[4];",
            "",
            "  @Override",
            "  public Matrix copy() {",
            "    Matrix copy = new Matrix();",
            "    copy.cells = cells.clone();",
            "    return copy;",
            "  }",
            "}");
    JavaFileObject inherited =
        source("test.Matrix", "package test;", "", "public final class Matrix extends Base {", "}");
    JavaFileObject base =
        source(
            "test.Base",
            "package test;",
            "",
            "public class Base extends Copyable<Matrix> {",
            "  @Override",
            "  public Matrix copy() {",
            "    return new Matrix();",
            "  }",
            "}");
    for (Compilation compilation :
        new Compilation[] {
          compile(COPYABLE, matrix, API), compile(COPYABLE, base, inherited, API)
        }) {
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
