package dev.relib.runtime.internal.heap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads an HPROF file through one buffer, sequentially or at any position. HPROF numbers are
 * big-endian; identifiers are 4 or 8 bytes as the file's header says.
 */
final class HprofInput {
  private final FileChannel channel;
  private final long size;
  private final byte[] bytes;
  private final ByteBuffer wrapper;
  private long bufferStart;
  private int position;
  private int limit;
  private int idSize = 8;

  /**
   * @param bufferSize a large buffer for a sequential pass, a small one for reads here and there
   */
  HprofInput(FileChannel channel, int bufferSize) throws IOException {
    this.channel = channel;
    this.bytes = new byte[bufferSize];
    this.wrapper = ByteBuffer.wrap(bytes);
    this.size = channel.size();
  }

  long size() {
    return size;
  }

  void idSize(int idSize) {
    this.idSize = idSize;
  }

  int idSize() {
    return idSize;
  }

  long position() {
    return bufferStart + position;
  }

  boolean atEnd() {
    return position() >= size;
  }

  void seek(long to) {
    if (to >= bufferStart && to <= bufferStart + limit) {
      position = (int) (to - bufferStart);
    } else {
      bufferStart = to;
      position = 0;
      limit = 0;
    }
  }

  void skip(long count) {
    seek(position() + count);
  }

  /** Makes {@code count} bytes (at most the buffer's size) available from the position. */
  private void need(int count) throws IOException {
    if (limit - position >= count) {
      return;
    }
    System.arraycopy(bytes, position, bytes, 0, limit - position);
    bufferStart += position;
    limit -= position;
    position = 0;
    while (limit < count) {
      wrapper.limit(bytes.length).position(limit);
      int read = channel.read(wrapper, bufferStart + limit);
      if (read < 0) {
        throw new EOFException("HPROF file ends inside a record at " + (bufferStart + limit));
      }
      limit += read;
    }
  }

  int u1() throws IOException {
    need(1);
    return bytes[position++] & 0xff;
  }

  int u2() throws IOException {
    need(2);
    int value = ((bytes[position] & 0xff) << 8) | (bytes[position + 1] & 0xff);
    position += 2;
    return value;
  }

  int u4() throws IOException {
    need(4);
    int value = int4(bytes, position);
    position += 4;
    return value;
  }

  long u8() throws IOException {
    need(8);
    long value = ((long) int4(bytes, position) << 32) | (int4(bytes, position + 4) & 0xffffffffL);
    position += 8;
    return value;
  }

  long id() throws IOException {
    return idSize == 8 ? u8() : u4() & 0xffffffffL;
  }

  /** The size in the dump of a value of HPROF basic type {@code type}. */
  int size(int type) throws IOException {
    return switch (type) {
      case 2 -> idSize;
      case 4, 8 -> 1;
      case 5, 9 -> 2;
      case 6, 10 -> 4;
      case 7, 11 -> 8;
      default -> throw new IOException("unknown basic type " + type);
    };
  }

  /** Reads {@code count} bytes into a new array; for names and instance data, never huge. */
  byte[] read(int count) throws IOException {
    byte[] copy = new byte[count];
    int done = 0;
    while (done < count) {
      int chunk = Math.min(bytes.length, count - done);
      need(chunk);
      System.arraycopy(bytes, position, copy, done, chunk);
      position += chunk;
      done += chunk;
    }
    return copy;
  }

  static int int4(byte[] data, int at) {
    return ((data[at] & 0xff) << 24)
        | ((data[at + 1] & 0xff) << 16)
        | ((data[at + 2] & 0xff) << 8)
        | (data[at + 3] & 0xff);
  }

  /** An identifier of {@code size} bytes inside {@code data}. */
  static long id(byte[] data, int at, int size) {
    return size == 8
        ? ((long) int4(data, at) << 32) | (int4(data, at + 4) & 0xffffffffL)
        : int4(data, at) & 0xffffffffL;
  }
}
