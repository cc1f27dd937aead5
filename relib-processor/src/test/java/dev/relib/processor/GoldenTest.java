package dev.relib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares the generated code of the representative API with hand-checked goldens: readable code is
 * part of the product, and these files are what a user reads first.
 */
class GoldenTest {
  private static Compilation compilation;

  @BeforeAll
  static void compileRepresentativeApi() {
    compilation = TestSources.compile(TestSources.representative());
    assertThat(compilation).succeededWithoutWarnings();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com.example.Greeter_HostBridge",
        "com.example.HostLog_ModuleBridge",
        "com.example.module.GreeterModule_ModuleStub"
      })
  void generatedSourceMatchesGolden(String name) {
    String golden = "golden/" + name + ".java";
    if (TestSources.class.getClassLoader().getResource(golden) == null) {
      // A new golden starts as the current output, to be read and checked in by hand.
      dump(name);
    }
    assertThat(compilation)
        .generatedSourceFile(name.replace('.', '/'))
        .hasSourceEquivalentTo(JavaFileObjects.forResource(golden));
  }

  @Test
  void stubIsNamedByAResource() {
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT,
            "META-INF/relib/stubs/com.example.module.GreeterModule_ModuleStub")
        .contentsAsUtf8String()
        .isEqualTo("com.example.module.GreeterModule\n");
  }

  private static void dump(String name) {
    try {
      Path path = Path.of("target", "golden-candidates", name + ".java");
      Files.createDirectories(path.getParent());
      Files.writeString(
          path,
          TestSources.contents(
              compilation
                  .generatedFile(StandardLocation.SOURCE_OUTPUT, name.replace('.', '/') + ".java")
                  .orElseThrow()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
