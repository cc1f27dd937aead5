package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.relib.runtime.internal.threads.ThreadScan;
import dev.relib.runtime.internal.threads.VirtualThreads;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading a JSON thread dump's frames back into stack elements, on any JDK. */
class VirtualThreadsTest {
  @Test
  void readsEachFrameFormatBackIntoAStackElement() {
    StackTraceElement module =
        VirtualThreads.frame("relib:greeter#3//m.GreeterModule.run(GreeterModule.java:12)");
    assertEquals("relib:greeter#3", module.getClassLoaderName());
    assertNull(module.getModuleName());
    assertEquals("m.GreeterModule", module.getClassName());
    assertEquals("run", module.getMethodName());
    assertEquals("GreeterModule.java", module.getFileName());
    assertEquals(12, module.getLineNumber());

    StackTraceElement jdk =
        VirtualThreads.frame("java.base/java.lang.Thread.sleep(Thread.java:509)");
    assertNull(jdk.getClassLoaderName());
    assertEquals("java.base", jdk.getModuleName());
    assertEquals("java.lang.Thread", jdk.getClassName());

    StackTraceElement versioned =
        VirtualThreads.frame("app/lib@2.1/org.lib.Worker.work(Native Method)");
    assertEquals("app", versioned.getClassLoaderName());
    assertEquals("lib", versioned.getModuleName());
    assertEquals("2.1", versioned.getModuleVersion());
    assertEquals(-2, versioned.getLineNumber());

    StackTraceElement hidden =
        VirtualThreads.frame("relib:g#1//m.GreeterModule$$Lambda/0x000001f.run(Unknown Source)");
    assertEquals("relib:g#1", hidden.getClassLoaderName());
    assertEquals("m.GreeterModule$$Lambda/0x000001f", hidden.getClassName());
    assertEquals("run", hidden.getMethodName());
    assertNull(hidden.getFileName());
  }

  @Test
  void aVirtualThreadInAHostCallIsInACallOfTheModule() {
    // As the JDK writes it: slashes escaped, which the sieve on the raw text must allow for.
    String json =
        """
        {"threadDump": {"threadContainers": [{"container": "<root>", "threads": [
          {"tid": "1", "name": "main", "stack": ["java.base\\/java.lang.Object.wait0(Native Method)"]},
          {"tid": "42", "name": "", "state": "TIMED_WAITING", "stack": [
            "java.base\\/java.lang.Thread.sleep(Thread.java:509)",
            "relib:greeter#3\\/\\/m.GreeterModule.run(GreeterModule.java:12)",
            "app\\/\\/dev.relib.runtime.testapi.Greeter_HostBridge.run(Greeter_HostBridge.java:40)",
            "app\\/\\/dev.relib.runtime.UnloadTest.lambda$call$0(UnloadTest.java:9)"
          ]}
        ]}]}}
        """;

    List<VirtualThreads.Dumped> threads =
        VirtualThreads.stacks(json, Set.of("1"), VirtualThreads.mentioning("relib:greeter#3"));

    assertEquals(1, threads.size());
    VirtualThreads.Dumped thread = threads.get(0);
    assertEquals("virtual thread #42", thread.name());
    assertEquals(Thread.State.TIMED_WAITING, thread.state());
    assertEquals(
        ThreadScan.Involvement.IN_CALL,
        ThreadScan.callInvolvement(thread.stack(), "relib:greeter#3"));
    assertEquals(
        List.of("m.GreeterModule.run(GreeterModule.java:12)"),
        thread.describe("relib:greeter#3", "in a call").topFrames());
  }
}
