package dev.relib.processor;

import com.google.auto.service.AutoService;
import dev.relib.BeforeUnload;
import dev.relib.Exports;
import dev.relib.Imports;
import dev.relib.Module;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * relib's annotation processor: checks every {@code @Exports} and {@code @Imports} interface and
 * every {@code @Module} class against the boundary's type rules, and generates their bridges and
 * module stubs.
 *
 * <p>Each annotated type is validated into a report and, when the report is clean, into a model
 * that a writer turns into code. Every error of a source set is reported in one pass. A type that
 * uses a type not yet resolvable (generated in a later round, or missing) is deferred to the next
 * round and reported only if it is still unresolved when processing is over.
 */
@AutoService(Processor.class)
public class RelibProcessor extends AbstractProcessor {
  private static final String EXPORTS = Exports.class.getCanonicalName();
  private static final String IMPORTS = Imports.class.getCanonicalName();
  private static final String MODULE = Module.class.getCanonicalName();

  /** Top-level types compiled in this build, over all rounds. */
  private final Set<String> sourceTypes = new HashSet<>();

  /** Types deferred to the next round, by qualified name, with the type they miss. */
  private final Map<String, String> deferred = new LinkedHashMap<>();

  /** Classes that declare a {@code @BeforeUnload} method but are not {@code @Module} classes. */
  private final Set<String> hookOwners = new LinkedHashSet<>();

  /** Errors printed so far: the same error reached from two interfaces is printed once. */
  private final Set<Report.Error> printed = new HashSet<>();

  private TypeRules rules;
  private ApiValidator apiValidator;
  private ModuleValidator moduleValidator;
  private final BridgeWriter bridgeWriter = new BridgeWriter();
  private ModuleStubWriter stubWriter;

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    rules = new TypeRules(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
    apiValidator = new ApiValidator(rules, new FingerprintBuilder(rules), this::inSources);
    moduleValidator = new ModuleValidator(rules, apiValidator, this::inSources);
    stubWriter = new ModuleStubWriter(relibVersion());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(EXPORTS, IMPORTS, MODULE, BeforeUnload.class.getCanonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    // A fixed version would warn on newer compilers, and break builds with -Werror.
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element root : round.getRootElements()) {
      if (root instanceof TypeElement type) {
        sourceTypes.add(type.getQualifiedName().toString());
      }
    }
    if (round.processingOver()) {
      reportUnresolved();
      reportMisplacedBeforeUnload();
      return false;
    }
    Set<TypeElement> types = new LinkedHashSet<>();
    for (String name : deferred.keySet()) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        types.add(type);
      }
    }
    deferred.clear();
    for (String annotation : List.of(EXPORTS, IMPORTS, MODULE)) {
      TypeElement annotationType = processingEnv.getElementUtils().getTypeElement(annotation);
      for (Element element : round.getElementsAnnotatedWith(annotationType)) {
        types.add((TypeElement) element);
      }
    }
    for (TypeElement type : types) {
      process(type);
    }
    collectBeforeUnloadPlacement(round);
    return false;
  }

  /** Validates one annotated type and, if it is valid, writes what it generates. */
  private void process(TypeElement type) {
    List<ApiModel> bridges = new ArrayList<>();
    Optional<ModuleModel> stub = Optional.empty();
    try {
      // Validate everything first: a deferral must not leave half of the type's files written.
      List<Report> reports = new ArrayList<>();
      for (Side side : Side.values()) {
        if (TypeRules.hasAnnotation(type, side.annotation())) {
          ApiValidator.Result result = validateApi(type, side);
          reports.add(result.report());
          result.model().ifPresent(bridges::add);
        }
      }
      if (TypeRules.hasAnnotation(type, MODULE)) {
        ModuleValidator.Result result = moduleValidator.validate(type);
        reports.add(result.report());
        stub = result.model();
      }
      reports.forEach(this::print);
    } catch (Deferral deferral) {
      deferred.put(type.getQualifiedName().toString(), deferral.missingType());
      return;
    } catch (RuntimeException | LinkageError | AssertionError e) {
      reportInternalError(type, e);
      return;
    }
    for (ApiModel bridge : bridges) {
      write(
          type,
          bridge.bridgeName().canonicalName(),
          () -> bridgeWriter.write(bridge).writeTo(processingEnv.getFiler()));
    }
    stub.ifPresent(this::writeStub);
  }

  /** Validates an interface for one side; a seam for tests of the processor's own failures. */
  ApiValidator.Result validateApi(TypeElement type, Side side) {
    return apiValidator.validate(type, side);
  }

  private void writeStub(ModuleModel model) {
    write(
        model.element(),
        model.stubName().canonicalName(),
        () -> stubWriter.write(model).writeTo(processingEnv.getFiler()));
    write(
        model.element(),
        ModuleStubWriter.resourceName(model),
        () -> {
          FileObject resource =
              processingEnv
                  .getFiler()
                  .createResource(
                      StandardLocation.CLASS_OUTPUT,
                      "",
                      ModuleStubWriter.resourceName(model),
                      model.element());
          try (Writer writer = resource.openWriter()) {
            writer.write(ModuleStubWriter.resourceContent(model));
          }
        });
  }

  /** Something that writes one file. */
  @FunctionalInterface
  private interface FileWrite {
    void run() throws IOException;
  }

  private void write(TypeElement origin, String file, FileWrite write) {
    try {
      write.run();
    } catch (IOException e) {
      print(origin, Messages.WRITE_FAILED.format(file, origin.getQualifiedName(), e.getMessage()));
    } catch (RuntimeException e) {
      reportInternalError(origin, e);
    }
  }

  /** Notes the classes that declare a {@code @BeforeUnload} method but are not modules. */
  private void collectBeforeUnloadPlacement(RoundEnvironment round) {
    TypeElement annotation =
        processingEnv.getElementUtils().getTypeElement(ModuleValidator.BEFORE_UNLOAD);
    for (Element method : round.getElementsAnnotatedWith(annotation)) {
      Element owner = method.getEnclosingElement();
      if (owner instanceof TypeElement type && !TypeRules.hasAnnotation(owner, MODULE)) {
        hookOwners.add(type.getQualifiedName().toString());
      }
    }
  }

  /**
   * Reports each {@code @BeforeUnload} method that no module can call ({@link
   * BeforeUnloadPlacement}).
   */
  private void reportMisplacedBeforeUnload() {
    BeforeUnloadPlacement placement = new BeforeUnloadPlacement(processingEnv.getTypeUtils());
    for (String name : hookOwners) {
      TypeElement owner = processingEnv.getElementUtils().getTypeElement(name);
      if (owner != null) {
        print(placement.validate(owner));
      }
    }
    hookOwners.clear();
  }

  private void reportUnresolved() {
    deferred.forEach(
        (name, missing) -> {
          TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
          if (type != null) {
            print(type, Messages.UNRESOLVED_TYPE.format(TypeText.simpleName(type), missing));
          }
        });
    deferred.clear();
  }

  private void reportInternalError(TypeElement type, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    print(type, Messages.INTERNAL_ERROR.format(type.getQualifiedName(), trace));
  }

  private void print(Report report) {
    for (Report.Error error : report.errors()) {
      print(error.element(), error.message());
    }
  }

  private void print(Element element, String message) {
    if (printed.add(new Report.Error(element, message))) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }
  }

  /** Whether an element is compiled in this build, rather than read from the class path. */
  private boolean inSources(Element element) {
    Element outermost = element;
    while (outermost.getEnclosingElement() != null
        && outermost.getEnclosingElement().getKind() != ElementKind.PACKAGE
        && outermost.getEnclosingElement().getKind() != ElementKind.MODULE) {
      outermost = outermost.getEnclosingElement();
    }
    return outermost instanceof TypeElement type
        && sourceTypes.contains(type.getQualifiedName().toString());
  }

  private static String relibVersion() {
    Properties properties = new Properties();
    try (InputStream in = RelibProcessor.class.getResourceAsStream("relib.properties")) {
      if (in == null) {
        throw new IllegalStateException("relib.properties is missing from relib's processor");
      }
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }
}
