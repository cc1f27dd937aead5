package dev.relib.runtime.internal.heap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The GC roots of an HPROF heap dump, and the threads and stack frames they name. Root {@code r} is
 * {@code kinds[r]} (one of the {@code ROOT_} record tags), holds {@code objects[r]} and, for a
 * thread's roots, names the thread's serial {@code serials[r]} and frame {@code frames[r]} (-1 when
 * it does not); {@link HeapGraph} fills them, {@link HeapPaths} reads them in place.
 */
final class HeapRoots {
  static final int ROOT_UNKNOWN = 0xFF;
  static final int ROOT_JNI_GLOBAL = 0x01;
  static final int ROOT_JNI_LOCAL = 0x02;
  static final int ROOT_JAVA_FRAME = 0x03;
  static final int ROOT_NATIVE_STACK = 0x04;
  static final int ROOT_STICKY_CLASS = 0x05;
  static final int ROOT_THREAD_BLOCK = 0x06;
  static final int ROOT_MONITOR_USED = 0x07;
  static final int ROOT_THREAD_OBJECT = 0x08;

  byte[] kinds = new byte[1024];
  long[] objects = new long[1024];
  int[] serials = new int[1024];
  int[] frames = new int[1024];
  int count;

  private final Map<Long, long[]> stackFrames = new HashMap<>();
  private final Map<Integer, long[]> traces = new HashMap<>();
  private final LongMap threadBySerial = new LongMap(64);
  private final LongMap traceByThreadSerial = new LongMap(64);

  void add(int kind, long object, int serial, int frame) {
    if (count == kinds.length) {
      kinds = Arrays.copyOf(kinds, count * 2);
      objects = Arrays.copyOf(objects, count * 2);
      serials = Arrays.copyOf(serials, count * 2);
      frames = Arrays.copyOf(frames, count * 2);
    }
    kinds[count] = (byte) kind;
    objects[count] = object;
    serials[count] = serial;
    frames[count] = frame;
    count++;
  }

  /**
   * A ROOT_THREAD_OBJECT record: thread {@code thread}, by its serial, has stack trace {@code
   * trace}.
   */
  void thread(long thread, int serial, int trace) {
    add(ROOT_THREAD_OBJECT, thread, serial, -1);
    threadBySerial.put(serial, thread);
    traceByThreadSerial.put(serial, trace);
  }

  /**
   * A STACK_FRAME record: frame {@code frame} is in {@code method} of class {@code classSerial}.
   */
  void frame(long frame, long method, long classSerial) {
    stackFrames.put(frame, new long[] {method, classSerial});
  }

  /** A STACK_TRACE record: trace {@code serial} is the frames {@code ids}, innermost first. */
  void trace(int serial, long[] ids) {
    traces.put(serial, ids);
  }

  /** The object thread serial {@code serial} names, or 0. */
  long thread(int serial) {
    return threadBySerial.get(serial, 0);
  }

  /**
   * The method and class serial of frame {@code frame} of the stack trace of thread {@code serial},
   * or null.
   */
  long[] frame(int threadSerial, int frame) {
    long[] trace = traces.get((int) traceByThreadSerial.get(threadSerial, -1));
    if (trace == null || frame < 0 || frame >= trace.length) {
      return null;
    }
    return stackFrames.get(trace[frame]);
  }
}
