package com.example;

import dev.relib.Copy;
import java.util.Optional;

@Copy
public final class Memo {
  final Optional<String> author;
  private final Optional<Label> label;

  public Memo(Optional<String> author, Optional<Label> label) {
    this.author = author;
    this.label = label;
  }

  public Optional<Label> label() {
    return label;
  }
}
