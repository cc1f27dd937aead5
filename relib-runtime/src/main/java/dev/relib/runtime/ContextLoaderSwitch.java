package dev.relib.runtime;

/**
 * Whether calls into a loaded module set the thread's context class loader to the module's (and
 * calls back into the host set the host's), and why.
 *
 * <p>Unless the host forces it with {@code switchContextClassLoader(boolean)}, the load decides
 * from the module's bytes: the switch is on when a class of the module or of its library jars names
 * a call that reads the context class loader ({@link Thread#getContextClassLoader()}, the
 * one-argument {@link java.util.ServiceLoader#load(Class)}, or a JDK entry point that reads it for
 * its caller, such as {@code DocumentBuilderFactory.newInstance()} or {@code new
 * InitialContext()}), and off otherwise. Off, a call costs about what a direct call costs; on, it
 * adds two writes of the thread's field (a few nanoseconds on JDK 17, about 13 on JDK 19 and later,
 * where the field is volatile). Code that reads the context loader by reflection or from a class it
 * generates at run time is not seen: force the switch on for such a module.
 *
 * @param on whether calls switch the context class loader
 * @param forced whether the host chose it with {@code switchContextClassLoader(boolean)}
 * @param reason why, for a person: the class and the call found, or what forced it, or that no
 *     class reads the context loader
 */
public record ContextLoaderSwitch(boolean on, boolean forced, String reason) {
  @Override
  public String toString() {
    return (on ? "on" : "off") + ": " + reason;
  }
}
