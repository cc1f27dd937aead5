package com.example.module;

import com.example.Buffer;
import com.example.Clock;
import com.example.Color;
import com.example.Greeter;
import com.example.GreeterState;
import com.example.GreeterStateV1;
import com.example.HostLog;
import com.example.Label;
import com.example.Line;
import com.example.Listener;
import com.example.Matrix;
import com.example.Memo;
import com.example.Money;
import com.example.Point;
import com.example.Session;
import dev.relib.BeforeUnload;
import dev.relib.KeepsState;
import dev.relib.MigratesState;
import dev.relib.Module;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@Module
public final class GreeterModule implements Greeter, KeepsState<GreeterState> {
  private final HostLog log;
  private final Clock clock;
  private long greeted;

  public GreeterModule(HostLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "greeter";
  }

  @Override
  public String greet(String name) {
    log.info("greeting " + name + " at " + clock.now());
    return "Hello, " + name + "!";
  }

  @Override
  public String greet(String name, int times) {
    return greet(name).repeat(times);
  }

  @Override
  public List<String> names() {
    return List.of("Ada");
  }

  @Override
  public List<Map<String, Point>> layers() {
    return List.of(Map.of("origin", new Point(0, 0)));
  }

  @Override
  public Optional<List<Point[]>> shapes() {
    return Optional.empty();
  }

  @Override
  public Map<Color, Set<Money>> ledger() {
    return Map.of();
  }

  @Override
  public Line longest() {
    return null;
  }

  @Override
  public Line[] lines() {
    return new Line[0];
  }

  @Override
  public int[] histogram() {
    return new int[] {1, 2};
  }

  @Override
  public Money balance() {
    return new Money(100, "EUR");
  }

  @Override
  public Matrix matrix() {
    return new Matrix(2);
  }

  @Override
  public Buffer buffer() {
    return new Buffer();
  }

  @Override
  public Session open(String user) {
    return null;
  }

  @Override
  public List<Session> sessions() {
    return List.of();
  }

  @Override
  public Optional<Session> current() {
    return Optional.empty();
  }

  @Override
  public Optional<String> nickname() {
    return Optional.of("Ada");
  }

  @Override
  public Label label() {
    return new Label("new", Optional.empty());
  }

  @Override
  public Memo memo() {
    return new Memo(Optional.of("Ada"), Optional.empty());
  }

  @Override
  public void subscribe(Listener listener) {}

  @Override
  public int count(List<String> items) {
    return items.size();
  }

  @Override
  public GreeterState saveState() {
    return new GreeterState(greeted, List.of("Ada"), Map.of());
  }

  @Override
  public void restoreState(GreeterState state) {
    greeted = state.greeted();
  }

  @MigratesState
  GreeterState migrate(GreeterStateV1 old) {
    return new GreeterState(old.greeted(), List.of(), Map.of());
  }

  @BeforeUnload
  void close() {}
}
