package com.example;

import dev.relib.Borrowed;
import dev.relib.Exports;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@Exports
public interface Greeter extends Named {
  String greet(String name);

  String greet(String name, int times);

  List<String> names();

  List<Map<String, Point>> layers();

  Optional<List<Point[]>> shapes();

  Map<Color, Set<Money>> ledger();

  Line longest();

  Line[] lines();

  int[] histogram();

  Money balance();

  Matrix matrix();

  Buffer buffer();

  Session open(String user);

  List<Session> sessions();

  Optional<Session> current();

  Optional<String> nickname();

  Label label();

  Memo memo();

  void subscribe(Listener listener);

  int count(@Borrowed List<String> items);

  default String shout(String name) {
    return greet(name).toUpperCase();
  }
}
