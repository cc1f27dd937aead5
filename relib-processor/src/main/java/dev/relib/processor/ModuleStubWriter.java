package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeContext;
import dev.relib.bridge.ModuleStub;
import dev.relib.bridge.ProvidedImports;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;

/**
 * Writes the stub of a {@link ModuleModel} ({@code X_ModuleStub}) and the resource under {@code
 * META-INF/relib/stubs/} that names it.
 */
final class ModuleStubWriter {
  private static final ClassName BRIDGE_CONTEXT = ClassName.get(BridgeContext.class);
  private static final TypeName CLASS_OF_ANY =
      ParameterizedTypeName.get(
          ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class));

  private final String relibVersion;

  /**
   * @param relibVersion the processor's version, which each stub records
   */
  ModuleStubWriter(String relibVersion) {
    this.relibVersion = relibVersion;
  }

  /** The resource's path in the class output. */
  static String resourceName(ModuleModel model) {
    return ModuleStub.STUB_RESOURCE_DIRECTORY + model.stubName().reflectionName();
  }

  /** The resource's content: the module class's binary name and a newline. */
  static String resourceContent(ModuleModel model) {
    return model.binaryName() + "\n";
  }

  JavaFile write(ModuleModel model) {
    ClassName module = model.moduleClass();
    List<ModuleModel.Api> apis =
        Stream.concat(Stream.of(model.exports()), model.imports().stream())
            .collect(Collectors.toList());
    TypeSpec.Builder stub =
        GeneratedCode.publicFinalClass(model.stubName(), model.element(), model.javaLangClashes())
            .addJavadoc(
                "Loads {@link $T} in its module's own class loader.\n\n<p>Constructs the module"
                    + " with the host's imports (each wrapped in its module-side bridge),\n"
                    + "calls its {@code @BeforeUnload} method, and declares what it was compiled"
                    + " against.\n",
                module)
            .superclass(ModuleStub.class)
            .addField(module, "module", Modifier.PRIVATE)
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build())
            .addMethod(
                getter(
                    "contractVersion",
                    TypeName.INT,
                    CodeBlock.of("$L", ModuleStub.CONTRACT_VERSION)))
            .addMethod(
                getter(
                    "relibVersion", ClassName.get(String.class), CodeBlock.of("$S", relibVersion)))
            .addMethod(
                getter(
                    "exportsType", CLASS_OF_ANY, CodeBlock.of("$T.class", model.exports().type())))
            .addMethod(
                getter(
                    "importTypes",
                    ParameterizedTypeName.get(GeneratedCode.LIST, CLASS_OF_ANY),
                    GeneratedCode.listOf(
                        model.imports().stream()
                            .map(api -> CodeBlock.of("$T.class", api.type()))
                            .collect(Collectors.toList()),
                        false)))
            .addMethod(
                getter(
                    "compiledFingerprints",
                    ParameterizedTypeName.get(GeneratedCode.LIST, GeneratedCode.FINGERPRINT),
                    GeneratedCode.listOf(
                        apis.stream()
                            .map(api -> GeneratedCode.fingerprint(api.fingerprint()))
                            .collect(Collectors.toList()),
                        false)))
            .addMethod(
                getter(
                    "hostFingerprints",
                    ParameterizedTypeName.get(GeneratedCode.LIST, GeneratedCode.FINGERPRINT),
                    GeneratedCode.listOf(
                        apis.stream()
                            .map(api -> CodeBlock.of("$T.FINGERPRINT", api.bridge()))
                            .collect(Collectors.toList()),
                        false)))
            .addMethod(create(model))
            .addMethod(
                getter(
                    "hasBeforeUnload",
                    TypeName.BOOLEAN,
                    CodeBlock.of("$L", model.beforeUnload().isPresent())))
            .addMethod(beforeUnload(model));
    model.state().ifPresent(state -> addState(stub, state));
    return GeneratedCode.file(model.stubName(), stub.build());
  }

  /**
   * The state hand-over of a {@code KeepsState} module: its state type and fingerprints, the save
   * (a copy of what the module returns, by the copy helpers a bridge would use) and the restore,
   * through a migration when the saved state is of an earlier type.
   */
  private static void addState(TypeSpec.Builder stub, ModuleModel.State state) {
    stub.addMethod(getter("stateType", CLASS_OF_ANY, CodeBlock.of("$T.class", state.type())))
        .addMethod(
            getter(
                "stateFingerprint",
                GeneratedCode.FINGERPRINT,
                GeneratedCode.fingerprint(state.fingerprint())))
        .addMethod(
            getter(
                "migrationFingerprints",
                ParameterizedTypeName.get(GeneratedCode.LIST, GeneratedCode.FINGERPRINT),
                GeneratedCode.listOf(
                    state.migrations().stream()
                        .map(migration -> GeneratedCode.fingerprint(migration.fingerprint()))
                        .collect(Collectors.toList()),
                    false)));
    stub.addMethod(getter("exportsTarget", ClassName.get(Object.class), CodeBlock.of("module")));
    CodeBlock saved = CodeBlock.of("module.saveState()");
    if (state.transfer() instanceof Transfer.Copied copied) {
      saved = CodeBlock.of("$N($L)", copied.helper(), saved);
    }
    stub.addMethod(
        MethodSpec.methodBuilder("saveState")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(Object.class)
            .addStatement("return $L", saved)
            .build());
    MethodSpec.Builder restore =
        MethodSpec.methodBuilder("restoreState")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(Object.class, "state")
            .beginControlFlow("if (state instanceof $T)", state.type())
            .addStatement("module.restoreState(($T) state)", state.type())
            .addStatement("return")
            .endControlFlow();
    for (ModuleModel.Migration migration : state.migrations()) {
      restore
          .beginControlFlow("if (state instanceof $T)", migration.from())
          .addStatement(
              "module.restoreState(module.$N(($T) state))", migration.method(), migration.from())
          .addStatement("return")
          .endControlFlow();
    }
    stub.addMethod(
        restore
            .addStatement(
                "throw new $T($S$W+ state.getClass().getName())",
                IllegalArgumentException.class,
                "the module takes a state of type "
                    + state.type().simpleName()
                    + (state.migrations().isEmpty()
                        ? ""
                        : state.migrations().stream()
                            .map(migration -> migration.from().simpleName())
                            .collect(Collectors.joining(" or ", " or migrates one of ", "")))
                    + ", not ")
            .build());
    for (Copier copier : state.copiers()) {
      stub.addMethod(CopyHelperWriter.helper(copier, false));
    }
  }

  private static MethodSpec getter(String name, TypeName type, CodeBlock value) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(type)
        .addStatement("return $L", value)
        .build();
  }

  private static MethodSpec create(ModuleModel model) {
    List<CodeBlock> arguments =
        model.imports().stream()
            .map(
                api ->
                    CodeBlock.of(
                        "new $T(context, imports.get($T.class))", api.bridge(), api.type()))
            .collect(Collectors.toList());
    return MethodSpec.methodBuilder("create")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(Bridge.class)
        .addParameter(BRIDGE_CONTEXT, "context")
        .addParameter(ProvidedImports.class, "imports")
        .addException(Exception.class)
        .addStatement(
            arguments.size() > 1 ? "module = new $T(\n$L)" : "module = new $T($L)",
            model.moduleClass(),
            CodeBlock.join(arguments, ",\n"))
        .addStatement("return new $T(context, module)", model.exports().bridge())
        .build();
  }

  private static MethodSpec beforeUnload(ModuleModel model) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("beforeUnload")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC);
    if (model.beforeUnload().isEmpty()) {
      // Nothing to call; the reference is still dropped so that the stub does not keep it.
      return method.addStatement("module = null").build();
    }
    // The hook may declare checked exceptions (closing files): the runtime reports any throwable.
    return method
        .addException(Exception.class)
        .addStatement("$T module = this.module", model.moduleClass())
        .addStatement("this.module = null")
        .beginControlFlow("if (module != null)")
        .addStatement("module.$N()", model.beforeUnload().get())
        .endControlFlow()
        .build();
  }
}
