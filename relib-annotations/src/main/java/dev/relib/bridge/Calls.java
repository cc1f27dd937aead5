package dev.relib.bridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every generated bridge method does around its call, as static methods the generated code
 * calls: the guard, the context-class-loader switch, the translation of what the other side throws,
 * and the copies of collections whose elements are Copy values. A bridged method reads:
 *
 * <pre>{@code
 * Greeter target = Calls.guard(this, this.target);
 * ClassLoader previous = Calls.enter(this);
 * try {
 *   return target.greet(name);
 * } catch (Throwable e) {
 *   throw Calls.translate(this, e);
 * } finally {
 *   Calls.exit(this, previous);
 * }
 * }</pre>
 *
 * <p>The methods on a call's hot path ({@link #guard}, {@link #enter}, {@link #enterHost}, {@link
 * #exit}) are a few bytecodes each, which the JIT inlines into the bridge: a call that does not
 * switch the context class loader reads the bridge's target and one final field, nothing else.
 *
 * <p>Part of the contract between generated code and the runtime; not meant for direct use.
 */
public final class Calls {
  private Calls() {}

  /**
   * The bridge's target, read once by the caller from its volatile field.
   *
   * @throws RuntimeException the context's {@link BridgeContext#unloaded()} if the bridge is
   *     revoked ({@code target} is null)
   */
  public static <T> T guard(Bridge bridge, T target) {
    if (target == null) {
      throw bridge.context.unloaded();
    }
    return target;
  }

  /**
   * Before a host-side bridge calls into the module: switches the context class loader to the
   * module's if the module's calls switch it.
   *
   * @return what {@link #exit} restores afterwards
   */
  public static ClassLoader enter(Bridge bridge) {
    return bridge.switchesContextLoader ? bridge.context.enter() : null;
  }

  /**
   * Before a module-side bridge calls into the host: switches the context class loader to the
   * host's if the module's calls switch it.
   *
   * @return what {@link #exit} restores afterwards
   */
  public static ClassLoader enterHost(Bridge bridge) {
    return bridge.switchesContextLoader ? bridge.context.enterHost() : null;
  }

  /** After the call: restores the context class loader {@link #enter} or {@link #enterHost} saw. */
  public static void exit(Bridge bridge, ClassLoader previous) {
    if (bridge.switchesContextLoader) {
      bridge.context.exit(previous);
    }
  }

  /**
   * What a host-side bridge throws when the module threw {@code thrown}: the context's translation,
   * of the host's own classes; see {@link BridgeContext#translate}.
   */
  public static RuntimeException translate(Bridge bridge, Throwable thrown) {
    return bridge.context.translate(thrown);
  }

  /** The module of a bridge, which the bridges of the handles it returns belong to as well. */
  public static BridgeContext context(Bridge bridge) {
    return bridge.context;
  }

  /*
   * The copies below check each element against the class the signature declares, as the cast of
   * a typed loop would: a collection filled through an unchecked cast could otherwise carry an
   * object of the other side, and its class loader, into the copy.
   */

  /**
   * An immutable copy of a returned list of Copy values, in its order.
   *
   * @param elementClass the class of the list's declared element type
   * @param description the returned type, as a message names it
   * @throws NullPointerException if the list holds a null
   * @throws ClassCastException if it holds an object of another class
   */
  public static <E> List<E> copyList(List<E> value, Class<?> elementClass, String description) {
    if (value == null) {
      return null;
    }
    List<E> copy = new ArrayList<>(value.size());
    for (E element : value) {
      copy.add(check(element, elementClass, description, "element"));
    }
    return Collections.unmodifiableList(copy);
  }

  /**
   * An immutable copy of a returned set of Copy values, in its iteration order.
   *
   * @param elementClass the class of the set's declared element type
   * @param description the returned type, as a message names it
   * @throws NullPointerException if the set holds a null
   * @throws ClassCastException if it holds an object of another class
   */
  public static <E> Set<E> copySet(Set<E> value, Class<?> elementClass, String description) {
    if (value == null) {
      return null;
    }
    Set<E> copy = new LinkedHashSet<>(value.size());
    for (E element : value) {
      copy.add(check(element, elementClass, description, "element"));
    }
    return Collections.unmodifiableSet(copy);
  }

  /**
   * An immutable copy of a returned map of Copy keys and values, in its iteration order.
   *
   * @param keyClass the class of the map's declared key type
   * @param valueClass the class of the map's declared value type
   * @param description the returned type, as a message names it
   * @throws NullPointerException if the map holds a null key or value
   * @throws ClassCastException if it holds a key or value of another class
   */
  public static <K, V> Map<K, V> copyMap(
      Map<K, V> value, Class<?> keyClass, Class<?> valueClass, String description) {
    if (value == null) {
      return null;
    }
    Map<K, V> copy = new LinkedHashMap<>(value.size());
    for (Map.Entry<K, V> entry : value.entrySet()) {
      copy.put(
          check(entry.getKey(), keyClass, description, "key"),
          check(entry.getValue(), valueClass, description, "value"));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static <E> E check(E element, Class<?> declared, String description, String part) {
    if (element == null) {
      throw new NullPointerException("a returned " + description + " holds a null " + part);
    }
    if (!declared.isInstance(element)) {
      throw new ClassCastException(
          "a returned "
              + description
              + " holds a "
              + element.getClass().getName()
              + " "
              + part
              + ", not a "
              + declared.getName());
    }
    return element;
  }
}
