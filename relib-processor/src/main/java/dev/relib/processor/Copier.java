package dev.relib.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * One private helper of a bridge that copies a value of one type shape. Helpers call each other for
 * nested shapes ({@code copyListOfMapOfStringToPoint} calls {@code copyMapOfStringToPoint}), and
 * may be recursive for recursive records.
 */
sealed interface Copier {
  /** The helper's name, derived from the type, e.g. {@code copyListOfString}. */
  String name();

  /** The copied type. */
  TypeName type();

  /**
   * An array: copied, elements copied when not Copy.
   *
   * @param exactType the array type to copy into when {@code clone()} could keep a runtime class of
   *     the module (elements of a non-final class: the module may return an array of a subclass);
   *     null when {@code clone()} is exact
   */
  record ArrayCopier(String name, TypeName type, Transfer element, TypeName exactType)
      implements Copier {}

  /**
   * A {@code List} or {@code Set}: an unmodifiable copy in the same iteration order, elements
   * copied when not Copy, a null element refused.
   *
   * @param description the type as a message names it, e.g. {@code List<Point>}
   */
  record CollectionCopier(
      String name,
      TypeName type,
      String description,
      boolean isSet,
      TypeName elementType,
      Transfer element)
      implements Copier {}

  /**
   * A {@code Map}: an unmodifiable copy in the same iteration order, keys and values copied when
   * not Copy, a null key or value refused.
   *
   * @param description the type as a message names it, e.g. {@code Map<String, Point>}
   */
  record MapCopier(
      String name,
      TypeName type,
      String description,
      TypeName keyType,
      Transfer key,
      TypeName valueType,
      Transfer value)
      implements Copier {}

  /** An {@code Optional} of a type that is not Copy: its value copied. */
  record OptionalCopier(String name, TypeName type, Transfer element) implements Copier {}

  /**
   * An {@code Optional} of a Copy type: crosses as it is once its content is checked to be of the
   * declared type. An unchecked cast in the sender can make an {@code Optional<String>} hold any
   * object, one of the sender's classes too, which the receiver would then keep; the check makes
   * such a value fail as a list's copy would.
   *
   * @param description the type as a message names it, e.g. {@code Optional<String>}
   * @param elementClass the class the content must be an instance of (the element's erasure)
   * @param element how the content is checked further (a nested {@code Optional}, a record or a
   *     {@code @Copy} class), or {@link Transfer#AS_IS}
   */
  record OptionalCheck(
      String name, TypeName type, String description, TypeName elementClass, Transfer element)
      implements Copier {}

  /**
   * A record, or a {@code @Copy} class, of Copy parts some of which hold an {@code Optional}
   * (directly or further in): crosses as it is once those parts are checked.
   *
   * @param parts the parts that hold an {@code Optional}, in declaration order
   */
  record PartsCheck(String name, TypeName type, List<Part> parts) implements Copier {
    /**
     * One part the check reads: a record component or a field read through its accessor, or a field
     * the bridge can read directly.
     *
     * @param member the accessor's or the field's name
     * @param isField whether {@code member} is a field, read without a call
     * @param transfer how the part is checked
     */
    record Part(String member, boolean isField, Transfer transfer) {}
  }

  /** A record rebuilt through its canonical constructor, each component copied. */
  record RecordCopier(String name, TypeName type, TypeName rawType, List<Component> components)
      implements Copier {
    /** One record component: its accessor's name and how it is copied. */
    record Component(String accessor, Transfer transfer) {}
  }

  /** A class copied by its public copy constructor {@code T(T)}. */
  record ConstructorCopier(String name, TypeName type) implements Copier {}

  /** A class copied by its public {@code copy()} method. */
  record MethodCopier(String name, TypeName type) implements Copier {}
}
