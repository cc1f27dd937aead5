package dev.relib.runtime.internal.threads;

import dev.relib.runtime.UnloadReport;
import dev.relib.runtime.internal.jdk.HotSpot;
import dev.relib.runtime.internal.jdk.Internals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds virtual threads (JDK 21+) that run a module's code. They are invisible to {@link
 * Thread#getAllStackTraces()}; the one public view of them is the JSON thread dump of {@code
 * HotSpotDiagnosticMXBean.dumpThreads}, called reflectively since the runtime compiles for 17.
 * Frames are matched to the module by their class loader's name, as for platform threads.
 */
public final class VirtualThreads {
  private static final Pattern THREAD = Pattern.compile("\"tid\"\\s*:\\s*\"(\\d+)\"");
  private static final Pattern NAME =
      Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"");
  private static final Pattern STACK =
      Pattern.compile("\"stack\"\\s*:\\s*\\[(.*?)\\]", Pattern.DOTALL);
  private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private VirtualThreads() {}

  /** Whether this JVM can list virtual threads. */
  public static boolean supported() {
    return Runtime.version().feature() >= 21 && Internals.present("jdk.management");
  }

  /**
   * Whether virtual threads may exist, from the platform threads alone (no thread dump): the
   * scheduler's carrier threads, or the thread the JDK starts to wake parked virtual threads up
   * ({@code VirtualThread-unparker} on 21, {@code VirtualThread-unblocker} on 25), which stays once
   * started. Carriers end after 30 s without work, so on JDK 21 a virtual thread that has waited
   * without a timeout since then, and never slept, is not announced by either.
   */
  public static boolean mayExist(Set<Thread> platformThreads) {
    if (!supported()) {
      return false;
    }
    for (Thread thread : platformThreads) {
      if (thread.getClass().getName().equals("jdk.internal.misc.CarrierThread")
          || thread.getName().startsWith("VirtualThread-")) {
        return true;
      }
    }
    return false;
  }

  /** A virtual thread as a JSON thread dump shows it. */
  public record Dumped(String id, String name, Thread.State state, StackTraceElement[] stack) {
    /** The thread as the report names it, with its top frames, the module's first. */
    public UnloadReport.ModuleThread describe(String loaderName, String why) {
      return ThreadScan.describe(name, state, true, stack, loaderName, why);
    }
  }

  /**
   * The virtual threads whose entry in a JSON thread dump passes {@code worthReading}, each with
   * its whole stack. The test on the raw text spares reading every frame of every thread; that text
   * is JSON, where the JDK writes a frame's slashes escaped ({@code java.base\/java.lang...}).
   *
   * @throws Exception if the thread dump fails
   */
  public static List<Dumped> all(Predicate<String> worthReading) throws Exception {
    Path file = Files.createTempFile("relib-threads-", ".json");
    Files.delete(file);
    try {
      HotSpot.dumpThreadsAsJson(file.toAbsolutePath());
      return stacks(Files.readString(file, StandardCharsets.UTF_8), platformIds(), worthReading);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Reads the threads of a JSON thread dump whose id is not a platform thread's. */
  public static List<Dumped> stacks(
      String json, Set<String> platformIds, Predicate<String> worthReading) {
    List<Dumped> found = new ArrayList<>();
    for (Map.Entry<String, String> thread : threadTexts(json).entrySet()) {
      String text = thread.getValue();
      if (platformIds.contains(thread.getKey()) || !worthReading.test(text)) {
        continue;
      }
      List<StackTraceElement> stack = new ArrayList<>();
      Matcher frames = STACK.matcher(text);
      if (frames.find()) {
        Matcher frame = STRING.matcher(frames.group(1));
        while (frame.find()) {
          stack.add(frame(unescape(frame.group(1))));
        }
      }
      Matcher name = NAME.matcher(text);
      Matcher state = STATE.matcher(text);
      found.add(
          new Dumped(
              thread.getKey(),
              name.find() && !name.group(1).isEmpty()
                  ? unescape(name.group(1))
                  : "virtual thread #" + thread.getKey(),
              state.find() ? state(state.group(1)) : Thread.State.RUNNABLE,
              stack.toArray(new StackTraceElement[0])));
    }
    return found;
  }

  private static Map<String, String> threadTexts(String json) {
    Map<String, String> texts = new LinkedHashMap<>();
    Matcher thread = THREAD.matcher(json);
    String id = null;
    int start = 0;
    while (thread.find()) {
      if (id != null) {
        texts.put(id, json.substring(start, thread.start()));
      }
      id = thread.group(1);
      start = thread.start();
    }
    if (id != null) {
      texts.put(id, json.substring(start));
    }
    return texts;
  }

  /**
   * A frame as {@link StackTraceElement#toString()} printed it: {@code
   * loader/module@version/class.method(File.java:1)}, where loader, module and version are each
   * left out when absent, and the slashes with them (both slashes stay when only the module is). A
   * hidden class's name has a slash of its own ({@code Foo$$Lambda/0x...}).
   */
  public static StackTraceElement frame(String line) {
    int open = line.lastIndexOf('(');
    String head = open < 0 ? line : line.substring(0, open);
    String source = open < 0 ? "" : line.substring(open + 1, Math.max(open + 1, line.length() - 1));
    List<String> parts = new ArrayList<>(List.of(head.split("/", -1)));
    if (parts.size() > 1 && parts.get(parts.size() - 1).startsWith("0x")) {
      String hidden = parts.remove(parts.size() - 1);
      parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "/" + hidden);
    }
    String qualified = parts.get(parts.size() - 1);
    String loader = parts.size() >= 3 ? emptyToNull(parts.get(0)) : null;
    String module = parts.size() >= 2 ? emptyToNull(parts.get(parts.size() - 2)) : null;
    String version = null;
    if (module != null && module.indexOf('@') >= 0) {
      version = module.substring(module.indexOf('@') + 1);
      module = module.substring(0, module.indexOf('@'));
    }
    int dot = qualified.lastIndexOf('.');
    String className = dot < 0 ? qualified : qualified.substring(0, dot);
    String method = dot < 0 ? "" : qualified.substring(dot + 1);
    String file = null;
    int lineNumber = -1;
    if (source.equals("Native Method")) {
      lineNumber = -2;
    } else if (!source.isEmpty() && !source.equals("Unknown Source")) {
      int colon = source.lastIndexOf(':');
      file = colon < 0 ? source : source.substring(0, colon);
      if (colon >= 0) {
        try {
          lineNumber = Integer.parseInt(source.substring(colon + 1));
        } catch (NumberFormatException e) {
          lineNumber = -1;
        }
      }
    }
    return new StackTraceElement(loader, module, version, className, method, file, lineNumber);
  }

  private static String emptyToNull(String text) {
    return text.isEmpty() ? null : text;
  }

  /**
   * A first sieve for {@link #all}: the thread's raw text names the module's loader. The raw text
   * escapes the frames' slashes, so the name is looked for alone; a longer name that starts with it
   * passes too, and the frames, once read, decide.
   */
  public static Predicate<String> mentioning(String loaderName) {
    return text -> text.contains(loaderName);
  }

  /**
   * The virtual threads with a frame of the module's code on their stack.
   *
   * @throws Exception if the thread dump fails
   */
  public static List<UnloadReport.ModuleThread> running(String loaderName) throws Exception {
    List<UnloadReport.ModuleThread> running = new ArrayList<>();
    for (Dumped thread : all(mentioning(loaderName))) {
      if (ThreadScan.hasModuleFrame(thread.stack(), loaderName)) {
        running.add(thread.describe(loaderName, "is a virtual thread running module code"));
      }
    }
    return running;
  }

  @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+.
  private static Set<String> platformIds() {
    Set<String> ids = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      ids.add(Long.toString(thread.getId()));
    }
    return ids;
  }

  private static Thread.State state(String name) {
    try {
      return Thread.State.valueOf(name);
    } catch (IllegalArgumentException e) {
      return Thread.State.RUNNABLE;
    }
  }

  private static String unescape(String json) {
    if (json.indexOf('\\') < 0) {
      return json;
    }
    StringBuilder text = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c != '\\' || i + 1 == json.length()) {
        text.append(c);
        continue;
      }
      char next = json.charAt(++i);
      switch (next) {
        case 'n' -> text.append('\n');
        case 't' -> text.append('\t');
        case 'r' -> text.append('\r');
        case 'b' -> text.append('\b');
        case 'f' -> text.append('\f');
        case 'u' -> {
          if (i + 4 < json.length()) {
            text.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        default -> text.append(next);
      }
    }
    return text.toString();
  }
}
