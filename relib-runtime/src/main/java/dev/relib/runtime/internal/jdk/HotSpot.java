package dev.relib.runtime.internal.jdk;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The runtime's calls of HotSpot's diagnostic MXBean, all here: a class of its own, used only once
 * {@link Internals#present(String) jdk.management is present}, so that the rest of the runtime runs
 * without that JDK module.
 */
public final class HotSpot {
  private HotSpot() {}

  /** Whether {@code System.gc()} is a no-op here ({@code -XX:+DisableExplicitGC}). */
  public static boolean explicitGcDisabled() {
    com.sun.management.HotSpotDiagnosticMXBean bean = bean();
    return bean != null && Boolean.parseBoolean(bean.getVMOption("DisableExplicitGC").getValue());
  }

  /**
   * Writes a dump of the live heap to {@code file}: it starts with a full GC, so what it shows is
   * what is held.
   */
  public static void dumpHeap(Path file) throws IOException {
    com.sun.management.HotSpotDiagnosticMXBean bean = bean();
    if (bean == null) {
      throw new IOException("this JVM has no HotSpotDiagnosticMXBean");
    }
    bean.dumpHeap(file.toString(), true);
  }

  /**
   * Writes every thread, virtual ones included, to {@code file} as JSON; JDK 21 and later, called
   * reflectively since the runtime compiles for 17.
   */
  public static void dumpThreadsAsJson(Path file) throws Exception {
    Class<?> beanType = com.sun.management.HotSpotDiagnosticMXBean.class;
    Object bean = bean();
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

  private static com.sun.management.HotSpotDiagnosticMXBean bean() {
    return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
  }
}
