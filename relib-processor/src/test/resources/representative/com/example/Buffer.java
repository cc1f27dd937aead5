package com.example;

public class Buffer {
  private final StringBuilder text = new StringBuilder();

  public Buffer append(String more) {
    text.append(more);
    return this;
  }

  public Buffer copy() {
    return new Buffer().append(text.toString());
  }
}
