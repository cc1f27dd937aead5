package com.example;

import dev.relib.Imports;
import java.time.Instant;

@Imports
public interface Clock {
  Instant now();
}
