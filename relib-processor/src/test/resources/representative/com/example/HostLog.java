package com.example;

import dev.relib.Imports;
import java.io.IOException;
import java.util.List;

@Imports
public interface HostLog {
  void info(String message);

  List<String> recent(int count) throws IOException;

  void watch(Session session);
}
