package com.example;

public interface Named {
  String name();
}
