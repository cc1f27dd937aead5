package dev.relib.runtime.internal.heap;

import dev.relib.runtime.internal.heap.ClassInfo.Layout;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An HPROF dump's class table and names, and the reading of one record back at its offset: a
 * class's field layout, an instance's object field, a string's text, how a record refers to
 * another. {@link HeapGraph} fills the tables as its first pass meets names, classes and short char
 * arrays; {@link HeapPaths} then asks about the few records on the path it found.
 */
final class HprofRecords {
  static final int INSTANCE_DUMP = 0x21;
  static final int OBJ_ARRAY_DUMP = 0x22;

  private static final String LOADER_CLASS = ModuleClassLoader.class.getName().replace('.', '/');

  // A field's role in a Layout; 0, the default, is a strong reference or a primitive.
  private static final byte SKIPPED = 1;
  private static final byte SOFT = 2;

  private final HprofInput at;
  private final LongMap utf8 = new LongMap(1 << 16);
  private final Map<Long, String> names = new HashMap<>();
  private final LongMap classNameIds = new LongMap(1 << 14);
  private final LongMap classBySerial = new LongMap(1 << 14);
  private final LongMap shortArrays = new LongMap(1 << 14);
  private final Map<Long, ClassInfo> classes = new HashMap<>();

  /**
   * @param at a reader of its own, for reads here and there while a pass streams the file
   */
  HprofRecords(HprofInput at) {
    this.at = at;
  }

  /** A UTF8 record: the name {@code id} is the {@code length} bytes at {@code position}. */
  void utf8(long id, long position, long length) {
    utf8.put(id, (position << 24) | Math.min(length, 0xffffff));
  }

  /** A LOAD_CLASS record: class {@code classId}, by its serial, is named by {@code nameId}. */
  void loadClass(int serial, long classId, long nameId) {
    classNameIds.put(classId, nameId);
    classBySerial.put(serial, classId);
  }

  /** A char or byte array at {@code offset} short enough to be a name's text. */
  void shortArray(long id, long offset) {
    shortArrays.put(id, offset);
  }

  void add(ClassInfo info) {
    classes.put(info.id, info);
  }

  ClassInfo classInfo(long classId) {
    return classes.get(classId);
  }

  Iterable<ClassInfo> classes() {
    return classes.values();
  }

  long classBySerial(long serial) {
    return classBySerial.get(serial, 0);
  }

  /**
   * Calls {@code edges} for each object field of an instance of {@code type} whose field values are
   * {@code data}: strong ones, and apart the referent of a SoftReference.
   */
  void fields(ClassInfo type, byte[] data, FieldSink edges) throws IOException {
    Layout layout = layout(type);
    for (int i = 0; i < layout.offsets.length; i++) {
      if (layout.types[i] != 2 || layout.roles[i] == SKIPPED) {
        continue;
      }
      edges.field(HprofInput.id(data, layout.offsets[i], at.idSize()), layout.roles[i] == SOFT);
    }
  }

  /** Receives an instance's object fields. */
  interface FieldSink {
    void field(long target, boolean soft);
  }

  /** The class id of the instance at {@code offset}, or 0 if it is not an instance. */
  long instanceClass(long offset) throws IOException {
    at.seek(offset);
    if (at.u1() != INSTANCE_DUMP) {
      return 0;
    }
    at.id();
    at.u4();
    return at.id();
  }

  /** The object field {@code field} of the instance at {@code offset}, or 0. */
  long objectField(long offset, String field) throws IOException {
    at.seek(offset);
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
        return HprofInput.id(data, layout.offsets[i], at.idSize());
      }
    }
    return 0;
  }

  /**
   * The text of the {@code java.lang.String} at {@code offset}, or null if it is not one the dump
   * lets us read.
   */
  String javaString(long offset) throws IOException {
    at.seek(offset);
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
        value = HprofInput.id(data, layout.offsets[i], at.idSize());
      } else if (name.equals("coder") && layout.types[i] == 8) {
        coder = data[layout.offsets[i]];
      }
    }
    long array = shortArrays.get(value, -1);
    if (array < 0) {
      return null;
    }
    at.seek(array);
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

  /**
   * How the instance or object array at {@code offset} refers to {@code to}: its type, with the
   * field or the slot when one holds it ({@code soft}: through a SoftReference's referent).
   */
  String reference(long offset, long to, boolean soft) throws IOException {
    at.seek(offset);
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
      if (layout.types[i] == 2 && HprofInput.id(data, layout.offsets[i], at.idSize()) == to) {
        if (layout.roles[i] == SKIPPED || (layout.roles[i] == SOFT) != soft) {
          continue;
        }
        return type + "." + name(layout.names[i]) + (soft ? " (soft reference)" : "");
      }
    }
    return type;
  }

  String name(long id) throws IOException {
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
  String className(long classId) throws IOException {
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

  /** Whether instances of {@code info} are {@code ModuleClassLoader}s. */
  boolean moduleLoader(ClassInfo info) throws IOException {
    layout(info);
    return info.moduleLoader;
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
        offset += at.size(c.fieldTypes[f]);
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
}
