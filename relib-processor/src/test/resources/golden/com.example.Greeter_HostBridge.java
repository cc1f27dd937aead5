package com.example;

import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeContext;
import dev.relib.bridge.BridgeSide;
import dev.relib.bridge.Calls;
import dev.relib.bridge.Fingerprint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * Stands for a module's {@link Greeter} in the host: forwards each call into the module,
 * copies what it returns, and fails fast once the module is unloaded.
 */
@Generated("dev.relib.processor.RelibProcessor")
public final class Greeter_HostBridge extends Bridge implements Greeter {
  public static final Fingerprint FINGERPRINT = new Fingerprint(
      "com.example.Greeter",
      "fca3012f02f21762",
      "com.example.Buffer#copy()com.example.Buffer\n"
          + "com.example.Color{RED, GREEN, BLUE}\n"
          + "com.example.Greeter#balance()com.example.Money\n"
          + "com.example.Greeter#buffer()com.example.Buffer\n"
          + "com.example.Greeter#count(@Borrowed java.util.List<java.lang.String>)int\n"
          + "com.example.Greeter#current()java.util.Optional<com.example.Session>\n"
          + "com.example.Greeter#greet(java.lang.String)java.lang.String\n"
          + "com.example.Greeter#greet(java.lang.String, int)java.lang.String\n"
          + "com.example.Greeter#histogram()int[]\n"
          + "com.example.Greeter#label()com.example.Label\n"
          + "com.example.Greeter#layers()java.util.List<java.util.Map<java.lang.String, com.example.Point>>\n"
          + "com.example.Greeter#ledger()java.util.Map<com.example.Color, java.util.Set<com.example.Money>>\n"
          + "com.example.Greeter#lines()com.example.Line[]\n"
          + "com.example.Greeter#longest()com.example.Line\n"
          + "com.example.Greeter#matrix()com.example.Matrix\n"
          + "com.example.Greeter#memo()com.example.Memo\n"
          + "com.example.Greeter#name()java.lang.String\n"
          + "com.example.Greeter#names()java.util.List<java.lang.String>\n"
          + "com.example.Greeter#nickname()java.util.Optional<java.lang.String>\n"
          + "com.example.Greeter#open(java.lang.String)com.example.Session\n"
          + "com.example.Greeter#sessions()java.util.List<com.example.Session>\n"
          + "com.example.Greeter#shapes()java.util.Optional<java.util.List<com.example.Point[]>>\n"
          + "com.example.Greeter#shout(java.lang.String)java.lang.String\n"
          + "com.example.Greeter#subscribe(com.example.Listener)void\n"
          + "com.example.Label(java.lang.String text, java.util.Optional<com.example.Color> color)\n"
          + "com.example.Line(com.example.Point from, com.example.Point to, java.util.List<com.example.Point> via)\n"
          + "com.example.Listener#changed(java.lang.String, com.example.Point)void\n"
          + "com.example.Matrix(com.example.Matrix)\n"
          + "com.example.Memo{java.util.Optional<java.lang.String> author; java.util.Optional<com.example.Label> label}\n"
          + "com.example.Money{long cents; java.lang.String currency}\n"
          + "com.example.Point(int x, int y)\n"
          + "com.example.Session#close()void\n"
          + "com.example.Session#user()java.lang.String",
      List.of(
          "com.example.Buffer",
          "com.example.Color",
          "com.example.Greeter",
          "com.example.Label",
          "com.example.Line",
          "com.example.Listener",
          "com.example.Matrix",
          "com.example.Memo",
          "com.example.Money",
          "com.example.Named",
          "com.example.Point",
          "com.example.Session"));

  private volatile Greeter target;

  public Greeter_HostBridge(BridgeContext context, Greeter target) {
    super(context, BridgeSide.HOST);
    this.target = target;
    context.track(this);
  }

  @Override
  protected void retarget(Object target) {
    this.target = (Greeter) target;
  }

  @Override
  public String greet(String name) {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return target.greet(name);
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public String greet(String name, int times) {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return target.greet(name, times);
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public List<String> names() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyListOfString(target.names());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public List<Map<String, Point>> layers() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyListOfMapOfStringToPoint(target.layers());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Optional<List<Point[]>> shapes() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyOptionalOfListOfPointArray(target.shapes());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Map<Color, Set<Money>> ledger() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyMapOfColorToSetOfMoney(target.ledger());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Line longest() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyLine(target.longest());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Line[] lines() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyLineArray(target.lines());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public int[] histogram() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyIntArray(target.histogram());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Money balance() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return target.balance();
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Matrix matrix() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyMatrix(target.matrix());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Buffer buffer() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyBuffer(target.buffer());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Session open(String user) {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      Session result = target.open(user);
      return result == null ? null : new Session_HostBridge(Calls.context(this), result);
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public List<Session> sessions() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyListOfSession(target.sessions());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Optional<Session> current() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return copyOptionalOfSession(target.current());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Optional<String> nickname() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return checkOptionalOfString(target.nickname());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Label label() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return checkLabel(target.label());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public Memo memo() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return checkMemo(target.memo());
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public void subscribe(Listener listener) {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      target.subscribe(listener == null ? null : new Listener_ModuleBridge(Calls.context(this), listener));
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public int count(List<String> items) {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return target.count(items);
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public String shout(String name) {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return target.shout(name);
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public String name() {
    Greeter target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enter(this);
    try {
      return target.name();
    } catch (Throwable e) {
      throw Calls.translate(this, e);
    } finally {
      Calls.exit(this, previous);
    }
  }

  private static Label checkLabel(Label value) {
    if (value != null) {
      checkOptionalOfColor(value.color());
    }
    return value;
  }

  private static Memo checkMemo(Memo value) {
    if (value != null) {
      checkOptionalOfString(value.author);
      checkOptionalOfLabel(value.label());
    }
    return value;
  }

  private static Optional<Color> checkOptionalOfColor(Optional<Color> value) {
    if (value != null && value.isPresent()) {
      Object content = value.get();
      if (!(content instanceof Color)) {
        throw new ClassCastException("a returned Optional<Color> holds a "
            + content.getClass().getName() + ", not a com.example.Color");
      }
    }
    return value;
  }

  private static Optional<Label> checkOptionalOfLabel(Optional<Label> value) {
    if (value != null && value.isPresent()) {
      Object content = value.get();
      if (!(content instanceof Label)) {
        throw new ClassCastException("a returned Optional<Label> holds a "
            + content.getClass().getName() + ", not a com.example.Label");
      }
      checkLabel(value.get());
    }
    return value;
  }

  private static Optional<String> checkOptionalOfString(Optional<String> value) {
    if (value != null && value.isPresent()) {
      Object content = value.get();
      if (!(content instanceof String)) {
        throw new ClassCastException("a returned Optional<String> holds a "
            + content.getClass().getName() + ", not a java.lang.String");
      }
    }
    return value;
  }

  private static Buffer copyBuffer(Buffer value) {
    return value == null ? null : value.copy();
  }

  private static int[] copyIntArray(int[] value) {
    return value == null ? null : value.clone();
  }

  private static Line copyLine(Line value) {
    if (value == null) {
      return null;
    }
    return new Line(value.from(), value.to(), copyListOfPoint(value.via()));
  }

  private static Line[] copyLineArray(Line[] value) {
    if (value == null) {
      return null;
    }
    Line[] copy = value.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] = copyLine(copy[i]);
    }
    return copy;
  }

  private static List<Map<String, Point>> copyListOfMapOfStringToPoint(
      List<Map<String, Point>> value) {
    if (value == null) {
      return null;
    }
    List<Map<String, Point>> copy = new ArrayList<>(value.size());
    for (Map<String, Point> element : value) {
      if (element == null) {
        throw new NullPointerException("a returned List<Map<String, Point>> holds a null element");
      }
      copy.add(copyMapOfStringToPoint(element));
    }
    return Collections.unmodifiableList(copy);
  }

  private static List<Point> copyListOfPoint(List<Point> value) {
    return Calls.copyList(value, Point.class, "List<Point>");
  }

  private static List<Point[]> copyListOfPointArray(List<Point[]> value) {
    if (value == null) {
      return null;
    }
    List<Point[]> copy = new ArrayList<>(value.size());
    for (Point[] element : value) {
      if (element == null) {
        throw new NullPointerException("a returned List<Point[]> holds a null element");
      }
      copy.add(copyPointArray(element));
    }
    return Collections.unmodifiableList(copy);
  }

  private List<Session> copyListOfSession(List<Session> value) {
    if (value == null) {
      return null;
    }
    List<Session> copy = new ArrayList<>(value.size());
    for (Session element : value) {
      if (element == null) {
        throw new NullPointerException("a returned List<Session> holds a null element");
      }
      copy.add(new Session_HostBridge(Calls.context(this), element));
    }
    return Collections.unmodifiableList(copy);
  }

  private static List<String> copyListOfString(List<String> value) {
    return Calls.copyList(value, String.class, "List<String>");
  }

  private static Map<Color, Set<Money>> copyMapOfColorToSetOfMoney(Map<Color, Set<Money>> value) {
    if (value == null) {
      return null;
    }
    Map<Color, Set<Money>> copy = new LinkedHashMap<>(value.size());
    for (Map.Entry<Color, Set<Money>> entry : value.entrySet()) {
      if (entry.getKey() == null) {
        throw new NullPointerException("a returned Map<Color, Set<Money>> holds a null key");
      }
      if (entry.getValue() == null) {
        throw new NullPointerException("a returned Map<Color, Set<Money>> holds a null value");
      }
      copy.put(entry.getKey(), copySetOfMoney(entry.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Map<String, Point> copyMapOfStringToPoint(Map<String, Point> value) {
    return Calls.copyMap(value, String.class, Point.class, "Map<String, Point>");
  }

  private static Matrix copyMatrix(Matrix value) {
    return value == null ? null : new Matrix(value);
  }

  private static Optional<List<Point[]>> copyOptionalOfListOfPointArray(
      Optional<List<Point[]>> value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return Optional.of(copyListOfPointArray(value.get()));
  }

  private Optional<Session> copyOptionalOfSession(Optional<Session> value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return Optional.of(new Session_HostBridge(Calls.context(this), value.get()));
  }

  private static Point[] copyPointArray(Point[] value) {
    return value == null ? null : value.clone();
  }

  private static Set<Money> copySetOfMoney(Set<Money> value) {
    return Calls.copySet(value, Money.class, "Set<Money>");
  }
}
