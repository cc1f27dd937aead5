package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
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
 * Writes the copy helpers of a bridge or a module stub, one private method per type a value is
 * copied as ({@code copyListOfPoint}, …), and the expression that passes a value across as its
 * {@link Transfer} says. A helper that wraps handles, itself or through the helpers it calls, is an
 * instance method: a handle's bridge joins the module of the bridge that returned it.
 */
final class CopyHelperWriter {
  static final ClassName CALLS = ClassName.get(Calls.class);

  /** The module of the bridge a method or helper runs in, which a handle's bridge joins. */
  static final CodeBlock CONTEXT = CodeBlock.of("$T.context(this)", CALLS);

  private static final ClassName ARRAY_LIST = ClassName.get(ArrayList.class);
  private static final ClassName LINKED_HASH_SET = ClassName.get(LinkedHashSet.class);
  private static final ClassName LINKED_HASH_MAP = ClassName.get(LinkedHashMap.class);
  private static final ClassName MAP = ClassName.get(Map.class);
  private static final ClassName MAP_ENTRY = ClassName.get(Map.Entry.class);
  private static final ClassName SET = ClassName.get(Set.class);
  private static final ClassName OPTIONAL = ClassName.get(Optional.class);
  private static final ClassName COLLECTIONS = ClassName.get(Collections.class);
  private static final ClassName ARRAYS = ClassName.get(Arrays.class);

  private CopyHelperWriter() {}

  /** The expression that passes {@code value} across as {@code transfer} says. */
  static CodeBlock transfer(Transfer transfer, CodeBlock value) {
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
  static Set<String> helpersUsingContext(List<Copier> copiers) {
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
