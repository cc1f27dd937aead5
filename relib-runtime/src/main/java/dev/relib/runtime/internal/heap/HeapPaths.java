package dev.relib.runtime.internal.heap;

import dev.relib.runtime.internal.load.ModuleClassLoader;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
 * <p>Two streaming passes over the file: the first reads names, classes (loader, superclass, static
 * fields, field layout) and roots; the second reads instances and object arrays into compact
 * forward edges. Edges follow HotSpot's hidden links too (object → its class → defining loader,
 * class → superclass), which the JVM does not show as fields. {@code referent} and {@code
 * discovered} of every {@link java.lang.ref.Reference} are not strong edges; a SoftReference's
 * referent is kept aside to tell "softly reachable" from "no path". Only the found path's records
 * are read again, to name its fields and array slots.
 *
 * <p>Every class whose loader is not a module loader counts as a root of its static fields: such a
 * class lives as long as the host, and "static field Foo.BAR" is what a reader needs, not the chain
 * through the host's class loader that keeps the class.
 */
final class HeapPaths {
  // One class, though long: the two passes, the search and the naming of the found path share the
  // dump's indexes (compact arrays of ids, offsets and edges, sized to millions of objects), which
  // a split would have to hand around field by field or copy.
  /** The analysis passed its deadline, or its thread was interrupted. */
  static final class Timeout extends Exception {
    private static final long serialVersionUID = 1L;

    Timeout() {
      super("the heap-dump analysis passed its deadline", null, false, false);
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

  private static final String LOADER_CLASS = ModuleClassLoader.class.getName().replace('.', '/');

  private static final int UTF8 = 0x01;
  private static final int LOAD_CLASS = 0x02;
  private static final int STACK_FRAME = 0x04;
  private static final int STACK_TRACE = 0x05;
  private static final int HEAP_DUMP = 0x0C;
  private static final int HEAP_DUMP_SEGMENT = 0x1C;

  private static final int ROOT_UNKNOWN = 0xFF;
  private static final int ROOT_JNI_GLOBAL = 0x01;
  private static final int ROOT_JNI_LOCAL = 0x02;
  private static final int ROOT_JAVA_FRAME = 0x03;
  private static final int ROOT_NATIVE_STACK = 0x04;
  private static final int ROOT_STICKY_CLASS = 0x05;
  private static final int ROOT_THREAD_BLOCK = 0x06;
  private static final int ROOT_MONITOR_USED = 0x07;
  private static final int ROOT_THREAD_OBJECT = 0x08;
  private static final int CLASS_DUMP = 0x20;
  private static final int INSTANCE_DUMP = 0x21;
  private static final int OBJ_ARRAY_DUMP = 0x22;
  private static final int PRIM_ARRAY_DUMP = 0x23;

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

  private static final byte STRONG = 0;
  private static final byte SKIPPED = 1;
  private static final byte SOFT = 2;

  // Strings are decoded only for names, so short ones suffice.
  private static final int LONGEST_NAME = 1024;

  private final HprofInput in;
  private final HprofInput at;
  private final String loaderName;
  private final long deadline;
  private int idSize;
  private int records;

  private final LongMap utf8 = new LongMap(1 << 16);
  private final Map<Long, String> names = new HashMap<>();
  private final LongMap classNameIds = new LongMap(1 << 14);
  private final LongMap classBySerial = new LongMap(1 << 14);
  private final Map<Long, ClassInfo> classes = new HashMap<>();
  private final Map<Long, long[]> frames = new HashMap<>();
  private final Map<Integer, long[]> traces = new HashMap<>();
  private final LongMap threadBySerial = new LongMap(64);
  private final LongMap traceByThreadSerial = new LongMap(64);
  private final LongMap shortArrays = new LongMap(1 << 14);

  private byte[] rootKinds = new byte[1024];
  private long[] rootObjects = new long[1024];
  private int[] rootSerials = new int[1024];
  private int[] rootFrames = new int[1024];
  private int rootCount;

  private long[] nodeIds = new long[1 << 16];
  private long[] nodeOffsets = new long[1 << 16];
  private int[] edgeStarts = new int[(1 << 16) + 1];
  private int nodeCount;
  private long[] edgeIds = new long[1 << 18];
  private int edgeCount;
  private int[] softFrom = new int[256];
  private long[] softTo = new long[256];
  private int softCount;
  private final List<Integer> moduleLoaders = new ArrayList<>();
  private LongMap index;

  private HeapPaths(FileChannel channel, String loaderName, long deadline) throws IOException {
    this.in = new HprofInput(channel, 1 << 20);
    this.at = new HprofInput(channel, 1 << 13);
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
      return new HeapPaths(channel, loaderName, deadline).search();
    }
  }

  private Result search() throws IOException, Timeout {
    long dataStart = header();
    firstPass();
    in.seek(dataStart);
    secondPass();
    index = new LongMap(nodeCount);
    for (int node = 0; node < nodeCount; node++) {
      index.put(nodeIds[node], node);
    }
    int[] edges = new int[edgeCount];
    for (int edge = 0; edge < edgeCount; edge++) {
      edges[edge] = (int) index.get(edgeIds[edge], -1);
    }
    edgeIds = null;
    tick();
    int target = -1;
    for (int candidate : moduleLoaders) {
      long name = objectField(candidate, "name");
      if (loaderName.equals(javaString(name))) {
        target = candidate;
      }
    }
    if (target < 0) {
      return new Result(Kind.NOT_IN_DUMP, List.of());
    }
    int[] parent = new int[nodeCount];
    BitSet viaSoft = new BitSet();
    boolean found = breadthFirst(edges, parent, viaSoft, target);
    if (!found) {
      return new Result(Kind.NONE, List.of());
    }
    List<String> path = describe(parent, viaSoft, target);
    return new Result(viaSoft.isEmpty() ? Kind.STRONG : Kind.SOFT, path);
  }

  private void tick() throws Timeout {
    if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
      throw new Timeout();
    }
  }

  private void counted() throws Timeout {
    if ((++records & 0xfff) == 0) {
      tick();
    }
  }

  private long header() throws IOException {
    StringBuilder format = new StringBuilder();
    for (int b = in.u1(); b != 0; b = in.u1()) {
      format.append((char) b);
      if (format.length() > 64) {
        throw new IOException("not an HPROF file");
      }
    }
    if (!format.toString().startsWith("JAVA PROFILE")) {
      throw new IOException("not an HPROF file: " + format);
    }
    idSize = in.u4();
    if (idSize != 4 && idSize != 8) {
      throw new IOException("unsupported identifier size " + idSize);
    }
    in.idSize(idSize);
    at.idSize(idSize);
    in.u8();
    return in.position();
  }

  private void firstPass() throws IOException, Timeout {
    while (!in.atEnd()) {
      counted();
      int tag = in.u1();
      in.u4();
      long length = in.u4() & 0xffffffffL;
      long start = in.position();
      switch (tag) {
        case UTF8 -> {
          long id = in.id();
          utf8.put(id, (in.position() << 24) | Math.min(length - idSize, 0xffffff));
        }
        case LOAD_CLASS -> {
          int serial = in.u4();
          long classId = in.id();
          in.u4();
          classNameIds.put(classId, in.id());
          classBySerial.put(serial, classId);
        }
        case STACK_FRAME -> {
          long frame = in.id();
          long method = in.id();
          in.id();
          in.id();
          frames.put(frame, new long[] {method, in.u4()});
        }
        case STACK_TRACE -> {
          int serial = in.u4();
          in.u4();
          long[] ids = new long[in.u4()];
          for (int i = 0; i < ids.length; i++) {
            ids[i] = in.id();
          }
          traces.put(serial, ids);
        }
        case HEAP_DUMP, HEAP_DUMP_SEGMENT -> heapFirstPass(start + length);
        default -> {}
      }
      in.seek(start + length);
    }
  }

  private void root(int kind, long object, int serial, int frame) {
    if (rootCount == rootKinds.length) {
      rootKinds = Arrays.copyOf(rootKinds, rootCount * 2);
      rootObjects = Arrays.copyOf(rootObjects, rootCount * 2);
      rootSerials = Arrays.copyOf(rootSerials, rootCount * 2);
      rootFrames = Arrays.copyOf(rootFrames, rootCount * 2);
    }
    rootKinds[rootCount] = (byte) kind;
    rootObjects[rootCount] = object;
    rootSerials[rootCount] = serial;
    rootFrames[rootCount] = frame;
    rootCount++;
  }

  private void heapFirstPass(long end) throws IOException, Timeout {
    while (in.position() < end) {
      counted();
      long offset = in.position();
      int tag = in.u1();
      switch (tag) {
        case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> root(tag, in.id(), -1, -1);
        case ROOT_JNI_GLOBAL -> {
          root(tag, in.id(), -1, -1);
          in.id();
        }
        case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME -> root(tag, in.id(), in.u4(), in.u4());
        case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> root(tag, in.id(), in.u4(), -1);
        case ROOT_THREAD_OBJECT -> {
          long thread = in.id();
          int serial = in.u4();
          int trace = in.u4();
          root(tag, thread, serial, -1);
          threadBySerial.put(serial, thread);
          traceByThreadSerial.put(serial, trace);
        }
        case CLASS_DUMP -> {
          ClassInfo info = classDump(offset);
          classes.put(info.id, info);
        }
        case INSTANCE_DUMP -> {
          in.id();
          in.u4();
          in.id();
          in.skip(in.u4() & 0xffffffffL);
        }
        case OBJ_ARRAY_DUMP -> {
          in.id();
          in.u4();
          long count = in.u4() & 0xffffffffL;
          in.id();
          in.skip(count * idSize);
        }
        case PRIM_ARRAY_DUMP -> {
          long id = in.id();
          in.u4();
          long count = in.u4() & 0xffffffffL;
          int type = in.u1();
          if ((type == 5 || type == 8) && count <= LONGEST_NAME) {
            shortArrays.put(id, offset);
          }
          in.skip(count * size(type));
        }
        default ->
            throw new IOException(
                "unknown heap dump record 0x" + Integer.toHexString(tag) + " at " + offset);
      }
    }
  }

  private int size(int type) throws IOException {
    return switch (type) {
      case 2 -> idSize;
      case 4, 8 -> 1;
      case 5, 9 -> 2;
      case 6, 10 -> 4;
      case 7, 11 -> 8;
      default -> throw new IOException("unknown basic type " + type);
    };
  }

  private ClassInfo classDump(long offset) throws IOException {
    ClassInfo info = new ClassInfo();
    info.offset = offset;
    info.id = in.id();
    in.u4();
    info.superId = in.id();
    info.loaderId = in.id();
    info.signersId = in.id();
    info.domainId = in.id();
    in.id();
    in.id();
    in.u4();
    int constants = in.u2();
    for (int i = 0; i < constants; i++) {
      in.u2();
      in.skip(size(in.u1()));
    }
    int statics = in.u2();
    List<long[]> objectStatics = new ArrayList<>();
    for (int i = 0; i < statics; i++) {
      long name = in.id();
      int type = in.u1();
      if (type == 2) {
        long value = in.id();
        if (value != 0) {
          objectStatics.add(new long[] {name, value});
        }
      } else {
        in.skip(size(type));
      }
    }
    info.statics = objectStatics.toArray(new long[0][]);
    int fields = in.u2();
    info.fieldNames = new long[fields];
    info.fieldTypes = new byte[fields];
    for (int i = 0; i < fields; i++) {
      info.fieldNames[i] = in.id();
      info.fieldTypes[i] = (byte) in.u1();
    }
    info.length = in.position() - offset;
    return info;
  }

  private void secondPass() throws IOException, Timeout {
    for (ClassInfo info : classes.values()) {
      startNode(info.id, info.offset);
      edge(info.superId);
      edge(info.loaderId);
      edge(info.signersId);
      edge(info.domainId);
      for (long[] field : info.statics) {
        edge(field[1]);
      }
    }
    while (!in.atEnd()) {
      int tag = in.u1();
      in.u4();
      long length = in.u4() & 0xffffffffL;
      long start = in.position();
      if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) {
        heapSecondPass(start + length);
      }
      in.seek(start + length);
    }
    edgeStarts[nodeCount] = edgeCount;
  }

  private void heapSecondPass(long end) throws IOException, Timeout {
    while (in.position() < end) {
      counted();
      long offset = in.position();
      int tag = in.u1();
      switch (tag) {
        case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> in.skip(idSize);
        case ROOT_JNI_GLOBAL -> in.skip(2L * idSize);
        case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJECT -> in.skip(idSize + 8L);
        case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> in.skip(idSize + 4L);
        case CLASS_DUMP -> in.skip(classes.get(in.id()).length - 1 - idSize);
        case INSTANCE_DUMP -> {
          long id = in.id();
          in.u4();
          long classId = in.id();
          byte[] data = in.read(in.u4());
          int node = startNode(id, offset);
          edge(classId);
          ClassInfo type = classes.get(classId);
          if (type == null) {
            break;
          }
          Layout layout = layout(type);
          for (int i = 0; i < layout.offsets.length; i++) {
            if (layout.types[i] != 2 || layout.roles[i] == SKIPPED) {
              continue;
            }
            long target = HprofInput.id(data, layout.offsets[i], idSize);
            if (layout.roles[i] == SOFT) {
              soft(node, target);
            } else {
              edge(target);
            }
          }
          if (type.moduleLoader) {
            moduleLoaders.add(node);
          }
        }
        case OBJ_ARRAY_DUMP -> {
          long id = in.id();
          in.u4();
          long count = in.u4() & 0xffffffffL;
          startNode(id, offset);
          edge(in.id());
          for (long i = 0; i < count; i++) {
            edge(in.id());
          }
        }
        case PRIM_ARRAY_DUMP -> {
          in.id();
          in.u4();
          long count = in.u4() & 0xffffffffL;
          in.skip(count * size(in.u1()));
        }
        default -> throw new IOException("unknown heap dump record at " + offset);
      }
    }
  }

  private int startNode(long id, long offset) {
    if (nodeCount + 1 >= edgeStarts.length) {
      int capacity = nodeIds.length * 2;
      nodeIds = Arrays.copyOf(nodeIds, capacity);
      nodeOffsets = Arrays.copyOf(nodeOffsets, capacity);
      edgeStarts = Arrays.copyOf(edgeStarts, capacity + 1);
    }
    nodeIds[nodeCount] = id;
    nodeOffsets[nodeCount] = offset;
    edgeStarts[nodeCount] = edgeCount;
    return nodeCount++;
  }

  private void edge(long target) {
    if (target == 0) {
      return;
    }
    if (edgeCount == edgeIds.length) {
      edgeIds = Arrays.copyOf(edgeIds, edgeCount * 2);
    }
    edgeIds[edgeCount++] = target;
  }

  private void soft(int from, long target) {
    if (target == 0) {
      return;
    }
    if (softCount == softFrom.length) {
      softFrom = Arrays.copyOf(softFrom, softCount * 2);
      softTo = Arrays.copyOf(softTo, softCount * 2);
    }
    softFrom[softCount] = from;
    softTo[softCount++] = target;
  }

  /**
   * Breadth-first from every root. {@code parent} gets, for each node reached, the node it was
   * reached from, or {@code -2 - r} for root {@code r} (roots past the records are classes, see
   * {@link #rootText}). Strong edges first; only when they cannot reach the target, soft referents
   * of reached SoftReferences are followed too, each marked in {@code viaSoft}.
   */
  private boolean breadthFirst(int[] edges, int[] parent, BitSet viaSoft, int target)
      throws IOException, Timeout {
    Arrays.fill(parent, -1);
    int[] queue = new int[nodeCount];
    int tail = 0;
    for (int kind : ROOT_ORDER) {
      for (int r = 0; r < rootCount; r++) {
        if ((rootKinds[r] & 0xff) == kind) {
          int node = (int) index.get(rootObjects[r], -1);
          if (node >= 0 && node != target && parent[node] == -1) {
            parent[node] = -2 - r;
            queue[tail++] = node;
          }
        }
      }
    }
    long targetId = nodeIds[target];
    Map<Long, Boolean> owned = new HashMap<>();
    for (ClassInfo info : classes.values()) {
      int node = (int) index.get(info.id, -1);
      if (node >= 0 && parent[node] == -1 && !moduleOwned(info.loaderId, targetId, owned)) {
        parent[node] = -2 - rootCount - node;
        queue[tail++] = node;
      }
    }
    int head = 0;
    while (true) {
      while (head < tail) {
        if ((head & 0xffff) == 0) {
          tick();
        }
        int node = queue[head++];
        for (int edge = edgeStarts[node]; edge < edgeStarts[node + 1]; edge++) {
          int next = edges[edge];
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
      for (int i = 0; i < softCount; i++) {
        int next = (int) index.get(softTo[i], -1);
        if (next >= 0 && parent[next] == -1 && parent[softFrom[i]] != -1) {
          parent[next] = softFrom[i];
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
    int node = (int) index.get(loaderId, -1);
    if (loaderId == targetId || (node >= 0 && moduleLoaders.contains(node))) {
      result = true;
    } else if (node >= 0) {
      ClassInfo type = classes.get(instanceClass(node));
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

  /** The class id of instance {@code node}, or 0 if it is not an instance. */
  private long instanceClass(int node) throws IOException {
    at.seek(nodeOffsets[node]);
    if (at.u1() != INSTANCE_DUMP) {
      return 0;
    }
    at.id();
    at.u4();
    return at.id();
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
      path.add(step(from, nodeIds[to], viaSoft.get(to)));
    }
    if (root == null && !path.get(0).startsWith("static field ")) {
      // A host class is the root, reached other than through a static field: say why it lives.
      path.add(0, "host class, kept by " + loaderText(classes.get(nodeIds[chain.get(0)])));
    }
    path.add("loader " + loaderName);
    return List.copyOf(path);
  }

  /** The root's own words, or null when the first step says it (a class's static field). */
  private String rootText(int root, int node) throws IOException {
    if (root >= rootCount) {
      return null;
    }
    int serial = rootSerials[root];
    return switch (rootKinds[root] & 0xff) {
      case ROOT_THREAD_OBJECT -> "thread " + threadName(serial);
      case ROOT_JAVA_FRAME -> "Java frame " + frameName(serial, rootFrames[root]) + "of thread "
          + threadName(serial);
      case ROOT_JNI_LOCAL -> "JNI local reference of thread " + threadName(serial);
      case ROOT_NATIVE_STACK -> "native stack of thread " + threadName(serial);
      case ROOT_THREAD_BLOCK -> "thread block of thread " + threadName(serial);
      case ROOT_JNI_GLOBAL -> "JNI global reference";
      case ROOT_MONITOR_USED -> "monitor in use";
      case ROOT_STICKY_CLASS -> classes.containsKey(nodeIds[node]) ? null : "system class";
      default -> "VM-internal root";
    };
  }

  /** The loader that defined {@code info}'s class, as a reader knows it. */
  private String loaderText(ClassInfo info) throws IOException {
    if (info == null || info.loaderId == 0) {
      return "the bootstrap loader";
    }
    int node = (int) index.get(info.loaderId, -1);
    if (node < 0) {
      return "a loader not in the dump";
    }
    String name = javaString(objectField(node, "name"));
    String type = className(instanceClass(node));
    return "loader " + (name == null ? "" : "\"" + name + "\" ") + "(" + type + ")";
  }

  private String threadName(int serial) throws IOException {
    long thread = threadBySerial.get(serial, 0);
    int node = (int) index.get(thread, -1);
    String name = node < 0 ? null : javaString(objectField(node, "name"));
    return name == null ? "(unnamed)" : "\"" + name + "\"";
  }

  private String frameName(int threadSerial, int frame) throws IOException {
    long[] trace = traces.get((int) traceByThreadSerial.get(threadSerial, -1));
    if (trace == null || frame < 0 || frame >= trace.length) {
      return "";
    }
    long[] method = frames.get(trace[frame]);
    if (method == null) {
      return "";
    }
    long classId = classBySerial.get(method[1], 0);
    return className(classId) + "." + name(method[0]) + " ";
  }

  /** One step of the path: {@code from} as a reader sees it, and how it refers to {@code to}. */
  private String step(int from, long to, boolean soft) throws IOException {
    ClassInfo info = classes.get(nodeIds[from]);
    if (info != null) {
      for (long[] field : info.statics) {
        if (field[1] == to) {
          return "static field " + className(info.id) + "." + name(field[0]);
        }
      }
      String name = "class " + className(info.id);
      if (to == info.domainId) {
        return name + ", its protection domain";
      } else if (to == info.signersId) {
        return name + ", its signers";
      }
      return name;
    }
    at.seek(nodeOffsets[from]);
    int tag = at.u1();
    at.id();
    at.u4();
    if (tag == OBJ_ARRAY_DUMP) {
      long count = at.u4() & 0xffffffffL;
      long arrayClass = at.id();
      long slot = -1;
      for (long i = 0; i < count && slot < 0; i++) {
        if (at.id() == to) {
          slot = i;
        }
      }
      // Names are read through the same reader: only once the record is read.
      String type = className(arrayClass);
      return slot < 0 ? type : type.substring(0, type.length() - 2) + "[" + slot + "]";
    }
    long classId = at.id();
    byte[] data = at.read(at.u4());
    String type = className(classId);
    ClassInfo typeInfo = classes.get(classId);
    if (to == classId || typeInfo == null) {
      return type;
    }
    Layout layout = layout(typeInfo);
    for (int i = 0; i < layout.offsets.length; i++) {
      if (layout.types[i] == 2 && HprofInput.id(data, layout.offsets[i], idSize) == to) {
        if (layout.roles[i] == SKIPPED || (layout.roles[i] == SOFT) != soft) {
          continue;
        }
        return type + "." + name(layout.names[i]) + (soft ? " (soft reference)" : "");
      }
    }
    return type;
  }

  /** The object field {@code field} of instance {@code node}, or 0. */
  private long objectField(int node, String field) throws IOException {
    at.seek(nodeOffsets[node]);
    if (at.u1() != INSTANCE_DUMP) {
      return 0;
    }
    at.id();
    at.u4();
    ClassInfo info = classes.get(at.id());
    byte[] data = at.read(at.u4());
    if (info == null) {
      return 0;
    }
    Layout layout = layout(info);
    for (int i = 0; i < layout.offsets.length; i++) {
      if (layout.types[i] == 2 && field.equals(name(layout.names[i]))) {
        return HprofInput.id(data, layout.offsets[i], idSize);
      }
    }
    return 0;
  }

  /** The text of a {@code java.lang.String}, or null if it is not one the dump lets us read. */
  private String javaString(long string) throws IOException {
    int node = (int) index.get(string, -1);
    if (node < 0) {
      return null;
    }
    at.seek(nodeOffsets[node]);
    if (at.u1() != INSTANCE_DUMP) {
      return null;
    }
    at.id();
    at.u4();
    ClassInfo info = classes.get(at.id());
    byte[] data = at.read(at.u4());
    if (info == null || !"java/lang/String".equals(rawClassName(info.id))) {
      return null;
    }
    Layout layout = layout(info);
    long value = 0;
    int coder = 0;
    for (int i = 0; i < layout.offsets.length; i++) {
      String name = name(layout.names[i]);
      if (name.equals("value") && layout.types[i] == 2) {
        value = HprofInput.id(data, layout.offsets[i], idSize);
      } else if (name.equals("coder") && layout.types[i] == 8) {
        coder = data[layout.offsets[i]];
      }
    }
    long offset = shortArrays.get(value, -1);
    if (offset < 0) {
      return null;
    }
    at.seek(offset);
    at.u1();
    at.id();
    at.u4();
    int count = at.u4();
    int type = at.u1();
    byte[] bytes = at.read(count * (type == 5 ? 2 : 1));
    if (type == 5) {
      return new String(bytes, StandardCharsets.UTF_16BE);
    }
    if (coder == 0) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    // A UTF-16 String's byte[] is in the JVM's own byte order.
    return new String(
        bytes,
        ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN
            ? StandardCharsets.UTF_16BE
            : StandardCharsets.UTF_16LE);
  }

  private String name(long id) throws IOException {
    String known = names.get(id);
    if (known == null) {
      long packed = utf8.get(id, -1);
      if (packed < 0) {
        known = "?";
      } else {
        at.seek(packed >>> 24);
        known = new String(at.read((int) (packed & 0xffffff)), StandardCharsets.UTF_8);
      }
      names.put(id, known);
    }
    return known;
  }

  private String rawClassName(long classId) throws IOException {
    long nameId = classNameIds.get(classId, 0);
    return nameId == 0 ? "?" : name(nameId);
  }

  /** A class's name as Java source writes it: {@code java.lang.Object[]}, {@code int[][]}. */
  private String className(long classId) throws IOException {
    String raw = rawClassName(classId);
    int dimensions = 0;
    while (dimensions < raw.length() && raw.charAt(dimensions) == '[') {
      dimensions++;
    }
    String element = raw.substring(dimensions);
    if (dimensions > 0) {
      element =
          switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.substring(1, element.length() - 1);
          };
    }
    return element.replace('/', '.') + "[]".repeat(dimensions);
  }

  /** Where each field of an instance of {@code info} lies: its own fields, then its super's. */
  private Layout layout(ClassInfo info) throws IOException {
    if (info.layout != null) {
      return info.layout;
    }
    boolean reference = false;
    boolean softReference = false;
    List<ClassInfo> chain = new ArrayList<>();
    for (ClassInfo c = info; c != null; c = classes.get(c.superId)) {
      chain.add(c);
      String name = rawClassName(c.id);
      reference |= name.equals("java/lang/ref/Reference");
      softReference |= name.equals("java/lang/ref/SoftReference");
    }
    int fields = 0;
    for (ClassInfo c : chain) {
      fields += c.fieldNames.length;
    }
    Layout layout = new Layout(fields);
    int offset = 0;
    int i = 0;
    for (ClassInfo c : chain) {
      boolean referenceClass = reference && rawClassName(c.id).equals("java/lang/ref/Reference");
      for (int f = 0; f < c.fieldNames.length; f++) {
        layout.offsets[i] = offset;
        layout.types[i] = c.fieldTypes[f];
        layout.names[i] = c.fieldNames[f];
        if (referenceClass && c.fieldTypes[f] == 2) {
          String name = name(c.fieldNames[f]);
          if (name.equals("referent")) {
            layout.roles[i] = softReference ? SOFT : SKIPPED;
          } else if (name.equals("discovered")) {
            layout.roles[i] = SKIPPED;
          }
        }
        offset += size(c.fieldTypes[f]);
        i++;
      }
    }
    info.moduleLoader = false;
    for (ClassInfo c : chain) {
      if (rawClassName(c.id).equals(LOADER_CLASS)) {
        info.moduleLoader = true;
      }
    }
    info.layout = layout;
    return layout;
  }

  private static final class ClassInfo {
    long id;
    long offset;
    long length;
    long superId;
    long loaderId;
    long signersId;
    long domainId;
    long[][] statics;
    long[] fieldNames;
    byte[] fieldTypes;
    Layout layout;
    boolean moduleLoader;
  }

  private static final class Layout {
    final int[] offsets;
    final byte[] types;
    final long[] names;
    final byte[] roles;

    Layout(int fields) {
      offsets = new int[fields];
      types = new byte[fields];
      names = new long[fields];
      roles = new byte[fields];
    }
  }
}
