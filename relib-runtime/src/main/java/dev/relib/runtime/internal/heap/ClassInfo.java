package dev.relib.runtime.internal.heap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A class as its CLASS_DUMP record describes it: its links, object statics and field layout. */
final class ClassInfo {
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

  /** Where its instances' fields lie, once {@link HprofRecords} has worked it out. */
  Layout layout;

  /** Whether it is or extends {@code ModuleClassLoader}, set with {@link #layout}. */
  boolean moduleLoader;

  /** Reads the CLASS_DUMP record at {@code offset}, whose tag {@code in} has just read. */
  static ClassInfo read(HprofInput in, long offset) throws IOException {
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
      in.skip(in.size(in.u1()));
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
        in.skip(in.size(type));
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

  /** Where each field of an instance lies, its type, name and role; own fields first. */
  static final class Layout {
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
