package dev.relib.benchmarks.host.lifecycle;

/**
 * What a big host keeps live: about 1 GiB in ~16 million small objects, held by arrays of a million
 * each. A full GC's cost follows the number of live objects, not their bytes, so these are small.
 */
final class LiveHeap {
  /** 64 bytes with compressed oops: a 12-byte header, six longs and a reference. */
  static final class Node {
    long a;
    long b;
    long c;
    long d;
    long e;
    long f;
    Node next;
  }

  private static final int CHUNK = 1 << 20;

  private final Node[][] chunks;

  private LiveHeap(Node[][] chunks) {
    this.chunks = chunks;
  }

  /** About {@code mib} MiB of 64-byte nodes, each chunk's nodes linked in a chain. */
  static LiveHeap allocate(int mib) {
    long nodes = (long) mib * 1024 * 1024 / 64;
    int count = (int) ((nodes + CHUNK - 1) / CHUNK);
    Node[][] chunks = new Node[count][];
    for (int c = 0; c < count; c++) {
      Node[] chunk = new Node[CHUNK];
      Node previous = null;
      for (int i = 0; i < CHUNK; i++) {
        Node node = new Node();
        node.a = i;
        node.next = previous;
        chunk[i] = node;
        previous = node;
      }
      chunks[c] = chunk;
    }
    return new LiveHeap(chunks);
  }

  long objects() {
    return (long) chunks.length * CHUNK;
  }

  /** Touches every chunk, so that nothing can find the heap dead early. */
  long checksum() {
    long sum = 0;
    for (Node[] chunk : chunks) {
      sum += chunk[chunk.length - 1].a;
    }
    return sum;
  }
}
