package dev.relib;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asserts that a class or record of the shared API is immutable, so that its instances may cross
 * the boundary as they are, without being copied.
 *
 * <p>The processor verifies the claim: the class is final (records are), every instance field is
 * {@code final}, and every field's type is itself a Copy type. Copy types are the primitives and
 * their boxes, {@code String}, enums, {@code UUID}, {@code BigInteger}, {@code BigDecimal}, the
 * immutable {@code java.time} types, {@code Optional} of a Copy type, records whose components are
 * all Copy, and {@code @Copy} types. Records of Copy components need no annotation.
 *
 * <p>A bridge that returns the type checks the content of each {@code Optional} it holds, which an
 * unchecked cast could fill with an object of another type. A field that holds one, directly or in
 * a record or another {@code @Copy} type, must therefore be readable by the generated bridge:
 * public, package-private in the package of the interface that returns the type, or reached through
 * a public accessor {@code x()} or {@code getX()} that returns the field's type.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Copy {}
