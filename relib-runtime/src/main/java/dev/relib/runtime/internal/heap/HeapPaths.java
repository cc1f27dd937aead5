package dev.relib.runtime.internal.heap;

import static dev.relib.runtime.internal.heap.HeapRoots.ROOT_JAVA_FRAME;
import static dev.relib.runtime.internal.heap.HeapRoots.ROOT_JNI_GLOBAL;
import static dev.relib.runtime.internal.heap.HeapRoots.ROOT_JNI_LOCAL;
import static dev.relib.runtime.internal.heap.HeapRoots.ROOT_MONITOR_USED;
import static dev.relib.runtime.internal.heap.HeapRoots.ROOT_NATIVE_STACK;
import static dev.relib.runtime.internal.heap.HeapRoots.ROOT_STICKY_CLASS;
import static dev.relib.runtime.internal.heap.HeapRoots.ROOT_THREAD_BLOCK;
import static dev.relib.runtime.internal.heap.HeapRoots.ROOT_THREAD_OBJECT;
import static dev.relib.runtime.internal.heap.HeapRoots.ROOT_UNKNOWN;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in an HPROF heap dump, the shortest chain of strong references from a GC root to a
 * module's class loader.
 *
 * <p>The dump is read into a {@link HeapGraph}; the search is breadth-first over its edges, and
 * only the found path's records are read again ({@link HprofRecords}), to name its fields and array
 * slots.
 *
 * <p>Every class whose loader is not a module loader counts as a root of its static fields: such a
 * class lives as long as the host, and "static field Foo.BAR" is what a reader needs, not the chain
 * through the host's class loader that keeps the class.
 */
final class HeapPaths {
  /** The analysis passed its deadline, or its thread was interrupted. */
  static final class Timeout extends Exception {
    private static final long serialVersionUID = 1L;

    Timeout() {
      super("the heap-dump analysis passed its deadline", null, false, false);
    }

    /**
     * Throws if {@code deadline}, a {@link System#nanoTime()}, is past or the thread interrupted.
     */
    static void check(long deadline) throws Timeout {
      if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
        throw new Timeout();
      }
    }
  }

  /** What the search found. */
  enum Kind {
    /** A chain of strong references from a root. */
    STRONG,
    /** No strong chain, but one through a SoftReference's referent. */
    SOFT,
    /** The loader is in the dump, but no chain from a root reaches it. */
    NONE,
    /** No loader of that name in the dump: it was collected meanwhile. */
    NOT_IN_DUMP
  }

  /**
   * The outcome.
   *
   * @param kind what was found
   * @param path the chain, root first, loader last; empty unless a chain was found
   */
  record Result(Kind kind, List<String> path) {}

  /** Which roots a path should rather start from, when several are equally short. */
  private static final int[] ROOT_ORDER = {
    ROOT_THREAD_OBJECT,
    ROOT_JAVA_FRAME,
    ROOT_JNI_GLOBAL,
    ROOT_STICKY_CLASS,
    ROOT_JNI_LOCAL,
    ROOT_NATIVE_STACK,
    ROOT_THREAD_BLOCK,
    ROOT_MONITOR_USED,
    ROOT_UNKNOWN
  };

  private final HeapGraph graph;
  private final HprofRecords dump;
  private final String loaderName;
  private final long deadline;

  private HeapPaths(HeapGraph graph, String loaderName, long deadline) {
    this.graph = graph;
    this.dump = graph.dump;
    this.loaderName = loaderName;
    this.deadline = deadline;
  }

  /**
   * Searches {@code hprof} for what holds the {@code ModuleClassLoader} named {@code loaderName}.
   *
   * @param deadline a {@link System#nanoTime()} after which the search gives up
   */
  static Result find(Path hprof, String loaderName, long deadline) throws IOException, Timeout {
    try (FileChannel channel = FileChannel.open(hprof, StandardOpenOption.READ)) {
      HprofInput in = new HprofInput(channel, 1 << 20);
      HprofInput at = new HprofInput(channel, 1 << 13);
      return new HeapPaths(HeapGraph.read(in, at, deadline), loaderName, deadline).search();
    }
  }

  private Result search() throws IOException, Timeout {
    int target = -1;
    for (int candidate : graph.moduleLoaders) {
      long name = objectField(candidate, "name");
      if (loaderName.equals(javaString(name))) {
        target = candidate;
      }
    }
    if (target < 0) {
      return new Result(Kind.NOT_IN_DUMP, List.of());
    }
    int[] parent = new int[graph.nodeCount];
    BitSet viaSoft = new BitSet();
    boolean found = breadthFirst(parent, viaSoft, target);
    if (!found) {
      return new Result(Kind.NONE, List.of());
    }
    List<String> path = describe(parent, viaSoft, target);
    return new Result(viaSoft.isEmpty() ? Kind.STRONG : Kind.SOFT, path);
  }

  /**
   * Breadth-first from every root. {@code parent} gets, for each node reached, the node it was
   * reached from, or {@code -2 - r} for root {@code r} (roots past the records are classes, see
   * {@link #rootText}). Strong edges first; only when they cannot reach the target, soft referents
   * of reached SoftReferences are followed too, each marked in {@code viaSoft}.
   */
  private boolean breadthFirst(int[] parent, BitSet viaSoft, int target)
      throws IOException, Timeout {
    Arrays.fill(parent, -1);
    int[] queue = new int[graph.nodeCount];
    int tail = 0;
    for (int kind : ROOT_ORDER) {
      for (int r = 0; r < graph.roots.count; r++) {
        if ((graph.roots.kinds[r] & 0xff) == kind) {
          int node = graph.node(graph.roots.objects[r]);
          if (node >= 0 && node != target && parent[node] == -1) {
            parent[node] = -2 - r;
            queue[tail++] = node;
          }
        }
      }
    }
    long targetId = graph.nodeIds[target];
    Map<Long, Boolean> owned = new HashMap<>();
    for (ClassInfo info : dump.classes()) {
      int node = graph.node(info.id);
      if (node >= 0 && parent[node] == -1 && !moduleOwned(info.loaderId, targetId, owned)) {
        parent[node] = -2 - graph.roots.count - node;
        queue[tail++] = node;
      }
    }
    int head = 0;
    while (true) {
      while (head < tail) {
        if ((head & 0xffff) == 0) {
          Timeout.check(deadline);
        }
        int node = queue[head++];
        for (int edge = graph.edgeStarts[node]; edge < graph.edgeStarts[node + 1]; edge++) {
          int next = graph.edges[edge];
          if (next >= 0 && parent[next] == -1) {
            parent[next] = node;
            if (next == target) {
              return true;
            }
            queue[tail++] = next;
          }
        }
      }
      boolean more = false;
      for (int i = 0; i < graph.softCount; i++) {
        int next = graph.node(graph.softTo[i]);
        if (next >= 0 && parent[next] == -1 && parent[graph.softFrom[i]] != -1) {
          parent[next] = graph.softFrom[i];
          viaSoft.set(next);
          if (next == target) {
            return true;
          }
          queue[tail++] = next;
          more = true;
        }
      }
      if (!more) {
        return false;
      }
    }
  }

  /**
   * Whether a loader belongs to a module, so that its classes live only as long as something holds
   * them, not as long as the host: a module loader itself, or a loader whose class a module defined
   * (a script engine's loader, say), or one whose parent chain reaches a module loader (the JDK's
   * reflection loaders, a library's child loaders).
   */
  private boolean moduleOwned(long loaderId, long targetId, Map<Long, Boolean> memo)
      throws IOException {
    if (loaderId == 0) {
      return false;
    }
    Boolean known = memo.get(loaderId);
    if (known != null) {
      return known;
    }
    memo.put(loaderId, false);
    boolean result = false;
    int node = graph.node(loaderId);
    if (loaderId == targetId || (node >= 0 && graph.moduleLoaders.contains(node))) {
      result = true;
    } else if (node >= 0) {
      ClassInfo type = dump.classInfo(instanceClass(node));
      if (type != null && type.loaderId != loaderId && moduleOwned(type.loaderId, targetId, memo)) {
        result = true;
      } else {
        long parentLoader = objectField(node, "parent");
        result = parentLoader != 0 && moduleOwned(parentLoader, targetId, memo);
      }
    }
    memo.put(loaderId, result);
    return result;
  }

  private List<String> describe(int[] parent, BitSet viaSoft, int target) throws IOException {
    List<Integer> chain = new ArrayList<>();
    int node = target;
    while (node >= 0) {
      chain.add(0, node);
      node = parent[node];
    }
    List<String> path = new ArrayList<>();
    String root = rootText(-2 - node, chain.get(0));
    if (root != null) {
      path.add(root);
    }
    for (int i = 0; i + 1 < chain.size(); i++) {
      int from = chain.get(i);
      int to = chain.get(i + 1);
      path.add(step(from, graph.nodeIds[to], viaSoft.get(to)));
    }
    if (root == null && !path.get(0).startsWith("static field ")) {
      // A host class is the root, reached other than through a static field: say why it lives.
      path.add(0, "host class, kept by " + loaderText(dump.classInfo(graph.nodeIds[chain.get(0)])));
    }
    path.add("loader " + loaderName);
    return List.copyOf(path);
  }

  /** The root's own words, or null when the first step says it (a class's static field). */
  private String rootText(int root, int node) throws IOException {
    if (root >= graph.roots.count) {
      return null;
    }
    int serial = graph.roots.serials[root];
    return switch (graph.roots.kinds[root] & 0xff) {
      case ROOT_THREAD_OBJECT -> "thread " + threadName(serial);
      case ROOT_JAVA_FRAME ->
          "Java frame "
              + frameName(serial, graph.roots.frames[root])
              + "of thread "
              + threadName(serial);
      case ROOT_JNI_LOCAL -> "JNI local reference of thread " + threadName(serial);
      case ROOT_NATIVE_STACK -> "native stack of thread " + threadName(serial);
      case ROOT_THREAD_BLOCK -> "thread block of thread " + threadName(serial);
      case ROOT_JNI_GLOBAL -> "JNI global reference";
      case ROOT_MONITOR_USED -> "monitor in use";
      case ROOT_STICKY_CLASS -> dump.classInfo(graph.nodeIds[node]) != null ? null : "system class";
      default -> "VM-internal root";
    };
  }

  /** The loader that defined {@code info}'s class, as a reader knows it. */
  private String loaderText(ClassInfo info) throws IOException {
    if (info == null || info.loaderId == 0) {
      return "the bootstrap loader";
    }
    int node = graph.node(info.loaderId);
    if (node < 0) {
      return "a loader not in the dump";
    }
    String name = javaString(objectField(node, "name"));
    String type = dump.className(instanceClass(node));
    return "loader " + (name == null ? "" : "\"" + name + "\" ") + "(" + type + ")";
  }

  private String threadName(int serial) throws IOException {
    long thread = graph.roots.thread(serial);
    int node = graph.node(thread);
    String name = node < 0 ? null : javaString(objectField(node, "name"));
    return name == null ? "(unnamed)" : "\"" + name + "\"";
  }

  private String frameName(int threadSerial, int frame) throws IOException {
    long[] method = graph.roots.frame(threadSerial, frame);
    if (method == null) {
      return "";
    }
    long classId = dump.classBySerial(method[1]);
    return dump.className(classId) + "." + dump.name(method[0]) + " ";
  }

  /** One step of the path: {@code from} as a reader sees it, and how it refers to {@code to}. */
  private String step(int from, long to, boolean soft) throws IOException {
    ClassInfo info = dump.classInfo(graph.nodeIds[from]);
    if (info != null) {
      for (long[] field : info.statics) {
        if (field[1] == to) {
          return "static field " + dump.className(info.id) + "." + dump.name(field[0]);
        }
      }
      String name = "class " + dump.className(info.id);
      if (to == info.domainId) {
        return name + ", its protection domain";
      } else if (to == info.signersId) {
        return name + ", its signers";
      }
      return name;
    }
    return dump.reference(graph.nodeOffsets[from], to, soft);
  }

  /** The object field {@code field} of instance {@code node}, or 0. */
  private long objectField(int node, String field) throws IOException {
    return dump.objectField(graph.nodeOffsets[node], field);
  }

  /** The class id of instance {@code node}, or 0 if it is not an instance. */
  private long instanceClass(int node) throws IOException {
    return dump.instanceClass(graph.nodeOffsets[node]);
  }

  /** The text of a {@code java.lang.String}, or null if it is not one the dump lets us read. */
  private String javaString(long string) throws IOException {
    int node = graph.node(string);
    return node < 0 ? null : dump.javaString(graph.nodeOffsets[node]);
  }
}
