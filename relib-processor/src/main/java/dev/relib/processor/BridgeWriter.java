package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeContext;
import dev.relib.bridge.BridgeSide;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the bridge of an {@link ApiModel}: {@code X_HostBridge} for the exports side, {@code
 * X_ModuleBridge} for the imports side. The two differ only in how a call enters the other side and
 * in what happens to what it throws: a host-side bridge translates anything the module throws (the
 * module's throwables must not reach the host), a module-side bridge lets the host's exceptions
 * through as they are, so it keeps the methods' throws clauses.
 */
final class BridgeWriter {
  private static final ClassName BRIDGE = ClassName.get(Bridge.class);
  private static final ClassName BRIDGE_CONTEXT = ClassName.get(BridgeContext.class);
  private static final ClassName BRIDGE_SIDE = ClassName.get(BridgeSide.class);
  private static final ClassName CALLS = CopyHelperWriter.CALLS;
  private static final CodeBlock CONTEXT = CopyHelperWriter.CONTEXT;

  JavaFile write(ApiModel model) {
    boolean host = model.side() == Side.EXPORTS;
    TypeSpec.Builder bridge =
        GeneratedCode.publicFinalClass(model.bridgeName(), model.element(), model.javaLangClashes())
            // The bridge inherits the interface's member types: a simple name like Fingerprint
            // could mean one of them.
            .avoidClashesWithNestedClasses(model.element())
            .addJavadoc(
                host
                    ? "Stands for a module's {@link $T} in the host: forwards each call into the"
                        + " module,\ncopies what it returns, and fails fast once the module is"
                        + " unloaded.\n"
                    : "Stands for the host's {@link $T} in a module: forwards each call to the"
                        + " host,\ncopies what it returns, and fails fast once the module is"
                        + " unloaded.\n",
                model.interfaceName())
            .superclass(BRIDGE)
            .addSuperinterface(model.interfaceName())
            .addField(
                FieldSpec.builder(
                        GeneratedCode.FINGERPRINT,
                        "FINGERPRINT",
                        Modifier.PUBLIC,
                        Modifier.STATIC,
                        Modifier.FINAL)
                    .initializer(GeneratedCode.fingerprint(model.fingerprint()))
                    .build())
            .addField(model.interfaceName(), "target", Modifier.PRIVATE, Modifier.VOLATILE)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(BRIDGE_CONTEXT, "context")
                    .addParameter(model.interfaceName(), "target")
                    .addStatement("super(context, $T.$N)", BRIDGE_SIDE, host ? "HOST" : "MODULE")
                    .addStatement("this.target = target")
                    .addStatement("context.track(this)")
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("retarget")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PROTECTED)
                    .addParameter(Object.class, "target")
                    .addStatement("this.target = ($T) target", model.interfaceName())
                    .build());
    for (ApiModel.Method method : model.methods()) {
      bridge.addMethod(method(model, method, host));
    }
    Set<String> contextual = CopyHelperWriter.helpersUsingContext(model.copiers());
    for (Copier copier : model.copiers()) {
      bridge.addMethod(CopyHelperWriter.helper(copier, contextual.contains(copier.name())));
    }
    return GeneratedCode.file(model.bridgeName(), bridge.build());
  }

  private static MethodSpec method(ApiModel model, ApiModel.Method method, boolean host) {
    NameAllocator names = new NameAllocator();
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(method.returnType())
            .varargs(method.varargs());
    List<CodeBlock> arguments = new ArrayList<>();
    for (ApiModel.Parameter parameter : method.parameters()) {
      String name = names.newName(parameter.name(), parameter);
      spec.addParameter(ParameterSpec.builder(parameter.type(), name).build());
      arguments.add(CopyHelperWriter.transfer(parameter.transfer(), CodeBlock.of("$N", name)));
    }
    if (!host) {
      spec.addExceptions(method.thrown());
    }
    String target = names.newName("target");
    String previous = names.newName("previous");
    String thrown = names.newName("e");
    String result = names.newName("result");

    CodeBlock call =
        CodeBlock.of("$N.$N($L)", target, method.name(), CodeBlock.join(arguments, ",$W"));
    CodeBlock.Builder body =
        CodeBlock.builder()
            .addStatement(
                "$T $N = $T.guard(this, this.target)", model.interfaceName(), target, CALLS)
            .addStatement(
                "$T $N = $T.$N(this)",
                ClassLoader.class,
                previous,
                CALLS,
                host ? "enter" : "enterHost")
            .beginControlFlow("try");
    Transfer returned = method.returned();
    if (method.returnType().equals(TypeName.VOID)) {
      body.addStatement("$L", call);
    } else if (returned instanceof Transfer.Wrapped wrapped) {
      // The result is read into a local: it is tested for null before it is wrapped.
      body.addStatement("$T $N = $L", method.returnType(), result, call)
          .addStatement(
              "return $N == null ? null : new $T($L, $N)",
              result,
              wrapped.bridge(),
              CONTEXT,
              result);
    } else {
      body.addStatement("return $L", CopyHelperWriter.transfer(returned, call));
    }
    if (host) {
      body.nextControlFlow("catch ($T $N)", Throwable.class, thrown)
          .addStatement("throw $T.translate(this, $N)", CALLS, thrown);
    }
    body.nextControlFlow("finally")
        .addStatement("$T.exit(this, $N)", CALLS, previous)
        .endControlFlow();
    return spec.addCode(body.build()).build();
  }
}
