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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An HPROF heap dump read into compact forward edges between its objects, with its GC roots.
 *
 * <p>Two streaming passes over the file: the first reads names, classes (loader, superclass, static
 * fields, field layout) and roots into {@link HprofRecords} and {@link HeapRoots}; the second reads
 * instances and object arrays into edges. Edges follow HotSpot's hidden links too (object → its
 * class → defining loader, class → superclass), which the JVM does not show as fields. {@code
 * referent} and {@code discovered} of every {@link java.lang.ref.Reference} are not strong edges; a
 * SoftReference's referent is kept aside, in the soft edges, to tell "softly reachable" from "no
 * path".
 *
 * <p>The arrays are sized to millions of objects, so {@link HeapPaths} reads them in place: once
 * {@link #read} returns, nothing writes them.
 */
final class HeapGraph {
  private static final int UTF8 = 0x01;
  private static final int LOAD_CLASS = 0x02;
  private static final int STACK_FRAME = 0x04;
  private static final int STACK_TRACE = 0x05;
  private static final int HEAP_DUMP = 0x0C;
  private static final int HEAP_DUMP_SEGMENT = 0x1C;

  private static final int CLASS_DUMP = 0x20;
  private static final int INSTANCE_DUMP = HprofRecords.INSTANCE_DUMP;
  private static final int OBJ_ARRAY_DUMP = HprofRecords.OBJ_ARRAY_DUMP;
  private static final int PRIM_ARRAY_DUMP = 0x23;

  // Strings are decoded only for names, so short ones suffice.
  private static final int LONGEST_NAME = 1024;

  private final HprofInput in;
  private final long deadline;
  private final HprofRecords.FieldSink fieldEdges = this::fieldEdge;
  private int idSize;
  private int records;

  final HprofRecords dump;
  final HeapRoots roots = new HeapRoots();

  long[] nodeIds = new long[1 << 16];
  long[] nodeOffsets = new long[1 << 16];

  /**
   * Node {@code n}'s edges are {@code edges[edgeStarts[n]]} to {@code edges[edgeStarts[n+1]-1]}.
   */
  int[] edgeStarts = new int[(1 << 16) + 1];

  int nodeCount;

  /** The node each edge leads to, or -1 for an object not in the dump. */
  int[] edges;

  private long[] edgeIds = new long[1 << 18];
  private int edgeCount;
  int[] softFrom = new int[256];
  long[] softTo = new long[256];
  int softCount;
  final List<Integer> moduleLoaders = new ArrayList<>();
  private LongMap index;

  private HeapGraph(HprofInput in, HprofRecords dump, long deadline) {
    this.in = in;
    this.dump = dump;
    this.deadline = deadline;
  }

  /**
   * Reads the dump {@code in} streams, from its start.
   *
   * @param at a second reader of the same file, for the records read back while {@code in} streams
   * @param deadline a {@link System#nanoTime()} after which the reading gives up
   */
  static HeapGraph read(HprofInput in, HprofInput at, long deadline)
      throws IOException, HeapPaths.Timeout {
    HeapGraph graph = new HeapGraph(in, new HprofRecords(at), deadline);
    long dataStart = graph.header(at);
    graph.firstPass();
    in.seek(dataStart);
    graph.secondPass();
    graph.index();
    return graph;
  }

  /** The node of object {@code id}, or -1 if it is not in the dump. */
  int node(long id) {
    return (int) index.get(id, -1);
  }

  private void index() throws HeapPaths.Timeout {
    index = new LongMap(nodeCount);
    for (int node = 0; node < nodeCount; node++) {
      index.put(nodeIds[node], node);
    }
    edges = new int[edgeCount];
    for (int edge = 0; edge < edgeCount; edge++) {
      edges[edge] = node(edgeIds[edge]);
    }
    edgeIds = null;
    HeapPaths.Timeout.check(deadline);
  }

  private void counted() throws HeapPaths.Timeout {
    if ((++records & 0xfff) == 0) {
      HeapPaths.Timeout.check(deadline);
    }
  }

  private long header(HprofInput at) throws IOException {
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

  private void firstPass() throws IOException, HeapPaths.Timeout {
    while (!in.atEnd()) {
      counted();
      int tag = in.u1();
      in.u4();
      long length = in.u4() & 0xffffffffL;
      long start = in.position();
      switch (tag) {
        case UTF8 -> dump.utf8(in.id(), in.position(), length - idSize);
        case LOAD_CLASS -> {
          int serial = in.u4();
          long classId = in.id();
          in.u4();
          dump.loadClass(serial, classId, in.id());
        }
        case STACK_FRAME -> {
          long frame = in.id();
          long method = in.id();
          in.id();
          in.id();
          roots.frame(frame, method, in.u4());
        }
        case STACK_TRACE -> {
          int serial = in.u4();
          in.u4();
          long[] ids = new long[in.u4()];
          for (int i = 0; i < ids.length; i++) {
            ids[i] = in.id();
          }
          roots.trace(serial, ids);
        }
        case HEAP_DUMP, HEAP_DUMP_SEGMENT -> heapFirstPass(start + length);
        default -> {}
      }
      in.seek(start + length);
    }
  }

  private void heapFirstPass(long end) throws IOException, HeapPaths.Timeout {
    while (in.position() < end) {
      counted();
      long offset = in.position();
      int tag = in.u1();
      switch (tag) {
        case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> roots.add(tag, in.id(), -1, -1);
        case ROOT_JNI_GLOBAL -> {
          roots.add(tag, in.id(), -1, -1);
          in.id();
        }
        case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME -> roots.add(tag, in.id(), in.u4(), in.u4());
        case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> roots.add(tag, in.id(), in.u4(), -1);
        case ROOT_THREAD_OBJECT -> {
          long thread = in.id();
          int serial = in.u4();
          int trace = in.u4();
          roots.thread(thread, serial, trace);
        }
        case CLASS_DUMP -> dump.add(ClassInfo.read(in, offset));
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
            dump.shortArray(id, offset);
          }
          in.skip(count * in.size(type));
        }
        default ->
            throw new IOException(
                "unknown heap dump record 0x" + Integer.toHexString(tag) + " at " + offset);
      }
    }
  }

  private void secondPass() throws IOException, HeapPaths.Timeout {
    for (ClassInfo info : dump.classes()) {
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

  private void heapSecondPass(long end) throws IOException, HeapPaths.Timeout {
    while (in.position() < end) {
      counted();
      long offset = in.position();
      int tag = in.u1();
      switch (tag) {
        case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> in.skip(idSize);
        case ROOT_JNI_GLOBAL -> in.skip(2L * idSize);
        case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJECT -> in.skip(idSize + 8L);
        case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> in.skip(idSize + 4L);
        case CLASS_DUMP -> in.skip(dump.classInfo(in.id()).length - 1 - idSize);
        case INSTANCE_DUMP -> {
          long id = in.id();
          in.u4();
          long classId = in.id();
          byte[] data = in.read(in.u4());
          int node = startNode(id, offset);
          edge(classId);
          ClassInfo type = dump.classInfo(classId);
          if (type == null) {
            break;
          }
          dump.fields(type, data, fieldEdges);
          if (dump.moduleLoader(type)) {
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
          in.skip(count * in.size(in.u1()));
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

  /** An object field of the instance just started, the last node. */
  private void fieldEdge(long target, boolean soft) {
    if (soft) {
      soft(nodeCount - 1, target);
    } else {
      edge(target);
    }
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
}
