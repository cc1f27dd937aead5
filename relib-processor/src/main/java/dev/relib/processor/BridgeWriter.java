package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeContext;
import dev.relib.bridge.BridgeSide;
import dev.relib.bridge.Calls;
import dev.relib.processor.Copier.ArrayCopier;
import dev.relib.processor.Copier.CollectionCopier;
import dev.relib.processor.Copier.ConstructorCopier;
import dev.relib.processor.Copier.MapCopier;
import dev.relib.processor.Copier.MethodCopier;
import dev.relib.processor.Copier.OptionalCheck;
import dev.relib.processor.Copier.OptionalCopier;
import dev.relib.processor.Copier.PartsCheck;
import dev.relib.processor.Copier.RecordCopier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private static final ClassName CALLS = ClassName.get(Calls.class);

  /** The module of the bridge a method or helper runs in, which a handle's bridge joins. */
  private static final CodeBlock CONTEXT = CodeBlock.of("$T.context(this)", CALLS);

  private static final ClassName ARRAY_LIST = ClassName.get(ArrayList.class);
  private static final ClassName LINKED_HASH_SET = ClassName.get(LinkedHashSet.class);
  private static final ClassName LINKED_HASH_MAP = ClassName.get(LinkedHashMap.class);
  private static final ClassName MAP = ClassName.get(Map.class);
  private static final ClassName MAP_ENTRY = ClassName.get(Map.Entry.class);
  private static final ClassName SET = ClassName.get(Set.class);
  private static final ClassName OPTIONAL = ClassName.get(Optional.class);
  private static final ClassName COLLECTIONS = ClassName.get(Collections.class);
  private static final ClassName ARRAYS = ClassName.get(Arrays.class);

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
    Set<String> contextual = helpersUsingContext(model.copiers());
    for (Copier copier : model.copiers()) {
      bridge.addMethod(helper(copier, contextual.contains(copier.name())));
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
      arguments.add(transfer(parameter.transfer(), CodeBlock.of("$N", name)));
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
      body.addStatement("return $L", transfer(returned, call));
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

  /** The expression that passes {@code value} across as {@code transfer} says. */
  private static CodeBlock transfer(Transfer transfer, CodeBlock value) {
    if (transfer instanceof Transfer.Copied copied) {
      return CodeBlock.of("$N($L)", copied.helper(), value);
    }
    if (transfer instanceof Transfer.Wrapped wrapped) {
      return CodeBlock.of(
          "$L == null ? null : new $T($L, $L)", value, wrapped.bridge(), CONTEXT, value);
    }
    return value;
  }

  /**
   * The helpers that wrap handles, directly or through the helpers they call: they need the
   * bridge's {@code context}, so they are instance methods; the others stay static.
   */
  private static Set<String> helpersUsingContext(List<Copier> copiers) {
    Set<String> contextual = new HashSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Copier copier : copiers) {
        if (!contextual.contains(copier.name())
            && transfers(copier).stream()
                .anyMatch(
                    transfer ->
                        transfer instanceof Transfer.Wrapped
                            || (transfer instanceof Transfer.Copied copied
                                && contextual.contains(copied.helper())))) {
          contextual.add(copier.name());
          changed = true;
        }
      }
    }
    return contextual;
  }

  /** How a helper passes each part of its value. */
  static List<Transfer> transfers(Copier copier) {
    if (copier instanceof ArrayCopier array) {
      return List.of(array.element());
    }
    if (copier instanceof CollectionCopier collection) {
      return List.of(collection.element());
    }
    if (copier instanceof MapCopier map) {
      return List.of(map.key(), map.value());
    }
    if (copier instanceof OptionalCopier optional) {
      return List.of(optional.element());
    }
    if (copier instanceof RecordCopier record) {
      return record.components().stream().map(RecordCopier.Component::transfer).toList();
    }
    if (copier instanceof OptionalCheck check) {
      return List.of(check.element());
    }
    if (copier instanceof PartsCheck check) {
      return check.parts().stream().map(PartsCheck.Part::transfer).toList();
    }
    return List.of();
  }

  static MethodSpec helper(Copier copier, boolean usesContext) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(copier.name())
            .addModifiers(Modifier.PRIVATE)
            .returns(copier.type())
            .addParameter(copier.type(), "value");
    if (!usesContext) {
      spec.addModifiers(Modifier.STATIC);
    }
    if (copier instanceof ArrayCopier array) {
      CodeBlock copy =
          array.exactType() == null
              ? CodeBlock.of("value.clone()")
              : CodeBlock.of("$T.copyOf(value, value.length, $T.class)", ARRAYS, array.exactType());
      if (array.element() instanceof Transfer.AsIs) {
        return spec.addStatement("return value == null ? null : $L", copy).build();
      }
      return spec.addCode(returnNullIfNull())
          .addStatement("$T copy = $L", copier.type(), copy)
          .beginControlFlow("for (int i = 0; i < copy.length; i++)")
          .addStatement("copy[i] = $L", transfer(array.element(), CodeBlock.of("copy[i]")))
          .endControlFlow()
          .addStatement("return copy")
          .build();
    }
    if (copier instanceof CollectionCopier collection
        && collection.element() instanceof Transfer.AsIs) {
      return spec.addStatement(
              "return $T.$N(value, $T.class, $S)",
              CALLS,
              collection.isSet() ? "copySet" : "copyList",
              raw(collection.elementType()),
              collection.description())
          .build();
    }
    if (copier instanceof CollectionCopier collection) {
      ClassName kind = collection.isSet() ? SET : GeneratedCode.LIST;
      return spec.addCode(returnNullIfNull())
          .addStatement(
              "$T copy = new $T<>(value.size())",
              ParameterizedTypeName.get(kind, collection.elementType()),
              collection.isSet() ? LINKED_HASH_SET : ARRAY_LIST)
          .beginControlFlow("for ($T element : value)", collection.elementType())
          .addCode(refuseNull("element", collection.description(), "element"))
          .addStatement(
              "copy.add($L)", transferNonNull(collection.element(), CodeBlock.of("element")))
          .endControlFlow()
          .addStatement(
              "return $T.$N(copy)",
              COLLECTIONS,
              collection.isSet() ? "unmodifiableSet" : "unmodifiableList")
          .build();
    }
    if (copier instanceof MapCopier map
        && map.key() instanceof Transfer.AsIs
        && map.value() instanceof Transfer.AsIs) {
      return spec.addStatement(
              "return $T.copyMap(value, $T.class, $T.class, $S)",
              CALLS,
              raw(map.keyType()),
              raw(map.valueType()),
              map.description())
          .build();
    }
    if (copier instanceof MapCopier map) {
      return spec.addCode(returnNullIfNull())
          .addStatement(
              "$T copy = new $T<>(value.size())",
              ParameterizedTypeName.get(MAP, map.keyType(), map.valueType()),
              LINKED_HASH_MAP)
          .beginControlFlow(
              "for ($T entry : value.entrySet())",
              ParameterizedTypeName.get(MAP_ENTRY, map.keyType(), map.valueType()))
          .addCode(refuseNull("entry.getKey()", map.description(), "key"))
          .addCode(refuseNull("entry.getValue()", map.description(), "value"))
          .addStatement(
              "copy.put($L,$W$L)",
              transferNonNull(map.key(), CodeBlock.of("entry.getKey()")),
              transferNonNull(map.value(), CodeBlock.of("entry.getValue()")))
          .endControlFlow()
          .addStatement("return $T.unmodifiableMap(copy)", COLLECTIONS)
          .build();
    }
    if (copier instanceof OptionalCopier optional) {
      return spec.beginControlFlow("if (value == null || value.isEmpty())")
          .addStatement("return value")
          .endControlFlow()
          .addStatement(
              "return $T.of($L)",
              OPTIONAL,
              transferNonNull(optional.element(), CodeBlock.of("value.get()")))
          .build();
    }
    if (copier instanceof RecordCopier record) {
      List<CodeBlock> components = new ArrayList<>();
      for (RecordCopier.Component component : record.components()) {
        components.add(
            transfer(component.transfer(), CodeBlock.of("value.$N()", component.accessor())));
      }
      boolean generic = record.type() instanceof ParameterizedTypeName;
      return spec.addCode(returnNullIfNull())
          .addStatement(
              "return new $T$L($L)",
              record.rawType(),
              generic ? "<>" : "",
              CodeBlock.join(components, ",$W"))
          .build();
    }
    if (copier instanceof OptionalCheck check) {
      spec.beginControlFlow("if (value != null && value.isPresent())")
          .addStatement("$T content = value.get()", Object.class)
          .beginControlFlow("if (!(content instanceof $T))", check.elementClass())
          .addStatement(
              "throw new $T($S$W+ content.getClass().getName()$W+ $S)",
              ClassCastException.class,
              "a returned " + check.description() + " holds a ",
              ", not a " + check.elementClass())
          .endControlFlow();
      if (check.element() instanceof Transfer.Copied copied) {
        spec.addStatement("$N(value.get())", copied.helper());
      }
      return spec.endControlFlow().addStatement("return value").build();
    }
    if (copier instanceof PartsCheck check) {
      spec.beginControlFlow("if (value != null)");
      for (PartsCheck.Part part : check.parts()) {
        if (part.transfer() instanceof Transfer.Copied copied) {
          spec.addStatement(
              part.isField() ? "$N(value.$N)" : "$N(value.$N())", copied.helper(), part.member());
        }
      }
      return spec.endControlFlow().addStatement("return value").build();
    }
    if (copier instanceof ConstructorCopier) {
      return spec.addStatement("return value == null ? null : new $T(value)", copier.type())
          .build();
    }
    if (copier instanceof MethodCopier) {
      return spec.addStatement("return value == null ? null : value.copy()").build();
    }
    throw new IllegalArgumentException("unknown copier " + copier);
  }

  /** How a value known not to be null is passed: a handle needs no null test before wrapping. */
  private static CodeBlock transferNonNull(Transfer transfer, CodeBlock value) {
    if (transfer instanceof Transfer.Wrapped wrapped) {
      return CodeBlock.of("new $T($L, $L)", wrapped.bridge(), CONTEXT, value);
    }
    return transfer(transfer, value);
  }

  /**
   * Fails the copy of a collection that holds a null: the copies are null-free, as {@code List.of}
   * and its kin are, and the message says which returned type held it.
   */
  private static CodeBlock refuseNull(String value, String description, String part) {
    return CodeBlock.builder()
        .beginControlFlow("if ($L == null)", value)
        .addStatement(
            "throw new $T($S)",
            NullPointerException.class,
            "a returned " + description + " holds a null " + part)
        .endControlFlow()
        .build();
  }

  /** The class of a type, which a class literal names: a parameterized type's raw type. */
  private static TypeName raw(TypeName type) {
    return type instanceof ParameterizedTypeName parameterized ? parameterized.rawType() : type;
  }

  private static CodeBlock returnNullIfNull() {
    return CodeBlock.builder()
        .beginControlFlow("if (value == null)")
        .addStatement("return null")
        .endControlFlow()
        .build();
  }
}
