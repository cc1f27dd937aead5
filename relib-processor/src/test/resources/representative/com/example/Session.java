package com.example;

import dev.relib.Exports;

@Exports
public interface Session {
  String user();

  void close();
}
