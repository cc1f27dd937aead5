package dev.relib.runtime;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What a module threw, as the host sees it: the original class name, message, stack trace, causes
 * and suppressed exceptions, kept as text.
 *
 * <p>A module's own throwable is never handed to the host, because it would keep the module's class
 * loader alive: its class belongs to the module, and its hidden backtrace references the classes of
 * every frame it was thrown through. This exception is a host class, has no backtrace of its own,
 * and copies the stack trace element by element.
 */
public final class ModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String moduleName;
  private final String remoteClassName;
  private final String remoteMessage;

  private ModuleException(String moduleName, String remoteClassName, String remoteMessage) {
    super(
        remoteClassName
            + (remoteMessage == null ? "" : ": " + remoteMessage)
            + " (thrown in module '"
            + moduleName
            + "')");
    this.moduleName = moduleName;
    this.remoteClassName = remoteClassName;
    this.remoteMessage = remoteMessage;
  }

  /**
   * Translates what a module threw, with its causes and suppressed exceptions. Cycles among causes
   * and suppressed exceptions are kept as cycles among the translations.
   */
  static ModuleException translate(String moduleName, Throwable thrown) {
    return translate(moduleName, thrown, new IdentityHashMap<>());
  }

  private static ModuleException translate(
      String moduleName, Throwable thrown, Map<Throwable, ModuleException> done) {
    ModuleException known = done.get(thrown);
    if (known != null) {
      return known;
    }
    ModuleException translated =
        new ModuleException(moduleName, thrown.getClass().getName(), messageOf(thrown));
    done.put(thrown, translated);
    translated.setStackTrace(copy(stackTraceOf(thrown)));
    Throwable cause = causeOf(thrown);
    if (cause != null) {
      translated.initCause(translate(moduleName, cause, done));
    }
    for (Throwable suppressed : suppressedOf(thrown)) {
      translated.addSuppressed(translate(moduleName, suppressed, done));
    }
    return translated;
  }

  // A module's throwable may override any of these; a failing override must not hide the original.
  private static String messageOf(Throwable thrown) {
    try {
      return thrown.getMessage();
    } catch (RuntimeException | LinkageError e) {
      return "<getMessage() threw " + e.getClass().getName() + ">";
    }
  }

  private static StackTraceElement[] stackTraceOf(Throwable thrown) {
    try {
      return thrown.getStackTrace();
    } catch (RuntimeException | LinkageError e) {
      return new StackTraceElement[0];
    }
  }

  private static Throwable causeOf(Throwable thrown) {
    try {
      return thrown.getCause();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static Throwable[] suppressedOf(Throwable thrown) {
    try {
      return thrown.getSuppressed();
    } catch (RuntimeException | LinkageError e) {
      return new Throwable[0];
    }
  }

  /** Copies holding only strings: no element keeps a reference to its declaring class. */
  private static StackTraceElement[] copy(StackTraceElement[] trace) {
    StackTraceElement[] copy = new StackTraceElement[trace.length];
    for (int i = 0; i < trace.length; i++) {
      StackTraceElement e = trace[i];
      copy[i] =
          new StackTraceElement(
              e.getClassLoaderName(),
              e.getModuleName(),
              e.getModuleVersion(),
              e.getClassName(),
              e.getMethodName(),
              e.getFileName(),
              e.getLineNumber());
    }
    return copy;
  }

  /**
   * Does nothing: the stack trace that matters is the module's, copied in at translation, and
   * filling one in here would capture a backtrace that references module classes.
   */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /** The name of the module the throwable came from. */
  public String moduleName() {
    return moduleName;
  }

  /** The binary name of the original throwable's class, e.g. {@code java.io.IOException}. */
  public String remoteClassName() {
    return remoteClassName;
  }

  /** The original throwable's message, or null if it had none. */
  public String remoteMessage() {
    return remoteMessage;
  }
}
