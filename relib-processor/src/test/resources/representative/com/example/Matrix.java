package com.example;

public final class Matrix {
  private final double[] cells;

  public Matrix(int size) {
    cells = new double[size * size];
  }

  public Matrix(Matrix other) {
    cells = other.cells.clone();
  }

  public double get(int index) {
    return cells[index];
  }
}
