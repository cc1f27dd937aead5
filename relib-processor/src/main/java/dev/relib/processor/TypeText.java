package dev.relib.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Types as text, printed by relib itself rather than by {@code TypeMirror.toString()}, whose form
 * differs between compilers: fingerprints and generated names must be the same under javac and
 * Eclipse's compiler.
 */
final class TypeText {
  private TypeText() {}

  /** Fully qualified, with type arguments: {@code java.util.List<java.lang.String>}. */
  static String canonical(TypeMirror type) {
    return print(type, true);
  }

  /** With simple names, for messages: {@code List<String>}, {@code Outer.Inner[]}. */
  static String simple(TypeMirror type) {
    return print(type, false);
  }

  /** A type element's simple name, with its enclosing types: {@code Outer.Inner}. */
  static String simpleName(Element element) {
    List<String> names = new ArrayList<>();
    for (Element e = element; e instanceof TypeElement; e = e.getEnclosingElement()) {
      names.add(0, e.getSimpleName().toString());
    }
    return String.join(".", names);
  }

  /**
   * The type as part of a helper's name: {@code List<Map<String, Point>>} is {@code
   * ListOfMapOfStringToPoint}, {@code int[]} is {@code IntArray}.
   */
  static String label(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return label(((ArrayType) type).getComponentType()) + "Array";
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        String name = simpleName(declared.asElement()).replace(".", "");
        List<? extends TypeMirror> arguments = declared.getTypeArguments();
        if (arguments.isEmpty()) {
          return name;
        }
        String separator = name.equals("Map") ? "To" : "And";
        return name
            + "Of"
            + arguments.stream().map(TypeText::label).collect(Collectors.joining(separator));
      default:
        String text = type.toString();
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
  }

  private static String print(TypeMirror type, boolean qualified) {
    switch (type.getKind()) {
      case ARRAY:
        return print(((ArrayType) type).getComponentType(), qualified) + "[]";
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        String name = qualified ? element.getQualifiedName().toString() : simpleName(element);
        if (declared.getTypeArguments().isEmpty()) {
          return name;
        }
        return declared.getTypeArguments().stream()
            .map(argument -> print(argument, qualified))
            .collect(Collectors.joining(", ", name + "<", ">"));
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getExtendsBound() != null) {
          return "? extends " + print(wildcard.getExtendsBound(), qualified);
        }
        if (wildcard.getSuperBound() != null) {
          return "? super " + print(wildcard.getSuperBound(), qualified);
        }
        return "?";
      default:
        // Primitives, void and type variables print the same everywhere; an error type prints
        // the name the user wrote.
        return type.toString();
    }
  }
}
