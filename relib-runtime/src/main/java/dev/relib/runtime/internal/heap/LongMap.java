package dev.relib.runtime.internal.heap;

import java.util.Arrays;

/**
 * An open-addressing map from {@code long} keys to {@code long} values, without boxing: a heap
 * dump has hundreds of thousands of objects, and a {@code HashMap<Long, ...>} of them would cost
 * many times the dump's own size. The key 0 (HPROF's null identifier) cannot be stored.
 */
final class LongMap {
  private long[] keys;
  private long[] values;
  private int size;
  private int mask;

  LongMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new long[capacity];
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  void put(long key, long value) {
    if (key == 0) {
      throw new IllegalArgumentException("0 is not a key");
    }
    if (size * 2 >= keys.length) {
      grow();
    }
    int slot = hash(key) & mask;
    while (keys[slot] != 0 && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    if (keys[slot] == 0) {
      size++;
    }
    keys[slot] = key;
    values[slot] = value;
  }

  /** The value of {@code key}, or {@code missing}. */
  long get(long key, long missing) {
    if (key == 0) {
      return missing;
    }
    int slot = hash(key) & mask;
    while (keys[slot] != 0) {
      if (keys[slot] == key) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    return missing;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
    Arrays.fill(oldKeys, 0);
  }
}
