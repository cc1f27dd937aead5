package com.example;

import dev.relib.Imports;

@Imports
public interface Listener {
  void changed(String key, Point point);
}
