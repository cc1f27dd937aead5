package dev.relib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.relib.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/** A type generated in a later round by another processor defers validation, not fails it. */
class DeferralTest {
  /** Generates {@code test.Later}, a record, in the first round only. */
  static final class LaterGenerator extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer writer = processingEnv.getFiler().createSourceFile("test.Later").openWriter()) {
          writer.write(
              "package test;\n\npublic record Later(String name, java.util.List<String> tags)"
                  + " {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void typeGeneratedInALaterRound() {
    Compilation compilation =
        javac()
            .withProcessors(new RelibProcessor(), new LaterGenerator())
            .compile(
                source(
                    "test.Api",
                    "package test;",
                    "",
                    "@dev.relib.Exports",
                    "public interface Api {",
                    "  Later later();",
                    "",
                    "  java.util.List<Later> all();",
                    "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test/Api_HostBridge")
        .contentsAsUtf8String()
        .contains("private static Later copyLater(Later value)");
  }
}
