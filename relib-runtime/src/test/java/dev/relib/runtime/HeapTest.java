package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapTest {
  /** Fills a static field and a thread-local of the calling thread with object graphs. */
  static final String FILL =
      """
      STATIC_GRAPH = graph(Integer.parseInt(command));
      LOCAL_GRAPH.set(graph(Integer.parseInt(command)));
      return "filled";
      """;

  static final String GRAPH_MEMBERS =
      """
      static Node STATIC_GRAPH;
      static final ThreadLocal<Node> LOCAL_GRAPH = new ThreadLocal<>();

      static final class Node {
        final Node next;
        final byte[] payload = new byte[64];

        Node(Node next) {
          this.next = next;
        }
      }

      static Node graph(int nodes) {
        Node head = null;
        for (int i = 0; i < nodes; i++) {
          head = new Node(head);
        }
        return head;
      }
      """;

  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void heapReturnsToItsLevelAfterUnloadingAModuleHoldingLargeGraphs() {
    Path jar = TestModules.greeter(FILL, GRAPH_MEMBERS).jarTo(dir.resolve("heavy.jar"));
    try (Relib relib = Relib.create()) {
      long before = Fixtures.usedHeapAfterGc();
      LoadedModule<Greeter> module =
          relib.module(Greeter.class).provide(HostLog.class, message -> {}).load(jar);

      assertEquals("filled", module.exports().run("300000"));
      long filled = Fixtures.usedHeapAfterGc();
      UnloadReport report = module.unload();
      long after = Fixtures.usedHeapAfterGc();

      System.out.printf(
          "heap after GC: %d MB before load, %d MB filled, %d MB after unload%n",
          before / MB, filled / MB, after / MB);
      assertTrue(filled - before > 30 * MB, "the graphs take " + (filled - before) / MB + " MB");
      assertEquals(UnloadReport.Collection.COLLECTED, report.collection(), report.toString());
      assertTrue(
          report.leaks(Leak.Outcome.CLEARED).stream()
              .anyMatch(
                  leak -> leak.kind().equals("thread-local") && leak.where().contains("main")),
          report.toString());
      assertTrue(
          after - before < 8 * MB,
          "heap grew by " + (after - before) / MB + " MB after unload:\n" + report);
    }
  }
}
