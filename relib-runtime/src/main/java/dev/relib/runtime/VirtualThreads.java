package dev.relib.runtime;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds virtual threads (JDK 21+) that run a module's code. They are invisible to {@link
 * Thread#getAllStackTraces()}; the one public view of them is the JSON thread dump of {@code
 * HotSpotDiagnosticMXBean.dumpThreads}, called reflectively since the runtime compiles for 17.
 * Frames are matched to the module by their class loader's name, as for platform threads.
 */
final class VirtualThreads {
  private static final Pattern THREAD = Pattern.compile("\"tid\"\\s*:\\s*\"(\\d+)\"");
  private static final Pattern NAME =
      Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"");
  private static final Pattern STACK =
      Pattern.compile("\"stack\"\\s*:\\s*\\[(.*?)\\]", Pattern.DOTALL);
  private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final int MAX_FRAMES = 6;

  private VirtualThreads() {}

  /** Whether this JVM can list virtual threads. */
  static boolean supported() {
    return Runtime.version().feature() >= 21 && Cleaners.present("jdk.management");
  }

  /**
   * The virtual threads with a frame of the module's code on their stack.
   *
   * @throws Exception if the thread dump fails
   */
  static List<UnloadReport.ModuleThread> running(String loaderName) throws Exception {
    Path file = Files.createTempFile("relib-threads-", ".json");
    Files.delete(file);
    try {
      Dumper.dump(file.toAbsolutePath());
      return parse(Files.readString(file, StandardCharsets.UTF_8), loaderName, platformIds());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+.
  private static Set<String> platformIds() {
    Set<String> ids = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      ids.add(Long.toString(thread.getId()));
    }
    return ids;
  }

  /** Reads the threads of a JSON thread dump whose ids are not platform threads'. */
  static List<UnloadReport.ModuleThread> parse(
      String json, String loaderName, Set<String> platformIds) {
    List<UnloadReport.ModuleThread> found = new ArrayList<>();
    Matcher thread = THREAD.matcher(json);
    List<int[]> spans = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    while (thread.find()) {
      if (!spans.isEmpty()) {
        spans.get(spans.size() - 1)[1] = thread.start();
      }
      spans.add(new int[] {thread.start(), json.length()});
      ids.add(thread.group(1));
    }
    String prefix = loaderName + "/";
    for (int i = 0; i < spans.size(); i++) {
      if (platformIds.contains(ids.get(i))) {
        continue;
      }
      String text = json.substring(spans.get(i)[0], spans.get(i)[1]);
      Matcher stack = STACK.matcher(text);
      if (!stack.find()) {
        continue;
      }
      List<String> moduleFrames = new ArrayList<>();
      Matcher frame = STRING.matcher(stack.group(1));
      while (frame.find()) {
        String line = unescape(frame.group(1));
        if (line.startsWith(prefix)) {
          // "loader//class.method(File.java:1)": the report already names the module.
          String plain = line.substring(prefix.length());
          plain = plain.substring(plain.indexOf('/') + 1);
          if (moduleFrames.size() < MAX_FRAMES) {
            moduleFrames.add(plain);
          }
        }
      }
      if (moduleFrames.isEmpty()) {
        continue;
      }
      Matcher name = NAME.matcher(text);
      Matcher state = STATE.matcher(text);
      found.add(
          new UnloadReport.ModuleThread(
              name.find() && !name.group(1).isEmpty()
                  ? unescape(name.group(1))
                  : "virtual thread #" + ids.get(i),
              state.find() ? state(state.group(1)) : Thread.State.RUNNABLE,
              true,
              "is a virtual thread running module code",
              moduleFrames));
    }
    return found;
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

  /** Calls the MXBean; a class of its own so that the rest runs without jdk.management. */
  private static final class Dumper {
    static void dump(Path file) throws Exception {
      Class<?> beanType = com.sun.management.HotSpotDiagnosticMXBean.class;
      Object bean =
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      Class<?> format = Class.forName(beanType.getName() + "$ThreadDumpFormat");
      Object json = null;
      for (Object constant : format.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals("JSON")) {
          json = constant;
        }
      }
      Method dumpThreads = beanType.getMethod("dumpThreads", String.class, format);
      dumpThreads.invoke(bean, file.toString(), json);
    }
  }
}
