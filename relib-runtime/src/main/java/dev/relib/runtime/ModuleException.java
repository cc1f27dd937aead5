package dev.relib.runtime;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
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

  /** The causes kept of one chain; the rest are counted and named in a last one. */
  static final int MAX_CAUSES = 64;

  /** The throwables translated in all, suppressed ones included: a bound on a wide tree. */
  static final int MAX_THROWABLES = 1024;

  // How deep suppressed exceptions nest (a suppressed one's suppressed, ...) before they are left
  // out.
  private static final int MAX_NESTING = 16;

  // How far the causes left out are counted before the count says "more than".
  private static final int MAX_COUNTED = 1_000_000;

  /**
   * Translates what a module threw, with its causes and suppressed exceptions. Cycles among causes
   * and suppressed exceptions are kept as cycles among the translations; a throwable that is its
   * own cause or suppressed exception is kept once. Of a chain of causes the first {@link
   * #MAX_CAUSES} are kept and the last translation says how many were left out. A method of the
   * module's throwable that throws, even an {@code Error}, leaves a note in its place; nothing of
   * the module's classes escapes.
   */
  static ModuleException translate(String moduleName, Throwable thrown) {
    try {
      return new Translation(moduleName).chain(thrown, 0);
    } catch (Throwable failed) {
      // Only names: the module's throwable and what failed may be of the module's classes.
      return new ModuleException(
          moduleName,
          thrown.getClass().getName(),
          "<the translation failed: " + failed.getClass().getName() + ">");
    }
  }

  /** One translation: what is done, and how much more may be. */
  private static final class Translation {
    private final String moduleName;
    private final Map<Throwable, ModuleException> done = new IdentityHashMap<>();

    Translation(String moduleName) {
      this.moduleName = moduleName;
    }

    /** Translates a throwable and its chain of causes, without recursing along the chain. */
    ModuleException chain(Throwable head, int nesting) {
      ModuleException first = done.get(head);
      if (first != null) {
        return first;
      }
      ModuleException last = null;
      int kept = 0;
      for (Throwable next = head; next != null; next = causeOf(next)) {
        ModuleException known = done.get(next);
        if (known != null) {
          link(last, known);
          break;
        }
        if (kept == MAX_CAUSES || done.size() >= MAX_THROWABLES) {
          link(last, leftOut(next, kept));
          break;
        }
        ModuleException translated = one(next, nesting);
        if (last == null) {
          first = translated;
        } else {
          link(last, translated);
        }
        last = translated;
        kept++;
      }
      return first;
    }

    private ModuleException one(Throwable thrown, int nesting) {
      ModuleException translated =
          new ModuleException(moduleName, thrown.getClass().getName(), messageOf(thrown));
      done.put(thrown, translated);
      translated.setStackTrace(copy(stackTraceOf(thrown)));
      for (Throwable suppressed : suppressedOf(thrown)) {
        if (suppressed == null || nesting >= MAX_NESTING || done.size() >= MAX_THROWABLES) {
          continue;
        }
        ModuleException other = chain(suppressed, nesting + 1);
        if (other != translated) {
          translated.addSuppressed(other);
        }
      }
      return translated;
    }

    private static void link(ModuleException translated, ModuleException cause) {
      if (translated != null && translated != cause) {
        translated.initCause(cause);
      }
    }

    /** The last of a chain cut short: names the first cause left out and counts the rest. */
    private ModuleException leftOut(Throwable from, int kept) {
      Map<Throwable, Boolean> seen = new IdentityHashMap<>();
      int count = 0;
      for (Throwable next = from;
          next != null
              && count < MAX_COUNTED
              && !done.containsKey(next)
              && seen.put(next, true) == null;
          next = causeOf(next)) {
        count++;
      }
      return new ModuleException(
          moduleName,
          from.getClass().getName(),
          "<"
              + (count >= MAX_COUNTED ? "more than " + MAX_COUNTED : count)
              + " more cause(s) left out, from this one on: the translation keeps "
              + (kept == MAX_CAUSES
                  ? "the first " + MAX_CAUSES + " of a chain"
                  : MAX_THROWABLES + " throwables in all")
              + ">");
    }
  }

  // A module's throwable may override any of these; a failing override must not hide the original,
  // nor reach the host: what it throws may be of the module's classes, an Error as well.
  private static String messageOf(Throwable thrown) {
    try {
      return thrown.getMessage();
    } catch (Throwable e) {
      return "<getMessage() threw " + e.getClass().getName() + ">";
    }
  }

  private static StackTraceElement[] stackTraceOf(Throwable thrown) {
    try {
      StackTraceElement[] trace = thrown.getStackTrace();
      return trace == null ? new StackTraceElement[0] : trace;
    } catch (Throwable e) {
      return new StackTraceElement[0];
    }
  }

  private static Throwable causeOf(Throwable thrown) {
    try {
      return thrown.getCause();
    } catch (Throwable e) {
      return null;
    }
  }

  private static Throwable[] suppressedOf(Throwable thrown) {
    try {
      return thrown.getSuppressed();
    } catch (Throwable e) {
      return new Throwable[0];
    }
  }

  /**
   * Copies holding only strings: no element keeps a reference to its declaring class. Null elements
   * (an override of {@code getStackTrace()} may return them) are left out.
   */
  static StackTraceElement[] copy(StackTraceElement[] trace) {
    List<StackTraceElement> copy = new ArrayList<>(trace.length);
    for (StackTraceElement e : trace) {
      if (e == null) {
        continue;
      }
      copy.add(
          new StackTraceElement(
              e.getClassLoaderName(),
              e.getModuleName(),
              e.getModuleVersion(),
              e.getClassName(),
              e.getMethodName(),
              e.getFileName(),
              e.getLineNumber()));
    }
    return copy.toArray(new StackTraceElement[0]);
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
