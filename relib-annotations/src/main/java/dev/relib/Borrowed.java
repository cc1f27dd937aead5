package dev.relib;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter whose value is lent to the other side for the duration of the call only.
 *
 * <p>A parameter that is not a {@link Copy} type (an array, a {@code List}, a mutable class) is a
 * compile error unless it is marked {@code @Borrowed}: by marking it, the API author promises that
 * the receiving side reads (or fills) the value during the call and keeps no reference to it
 * afterwards. The bridge passes the object itself, without copying it. Keeping a borrowed object
 * past the call is a bug in the receiver: it can keep a module's class loader alive after unload.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Borrowed {}
