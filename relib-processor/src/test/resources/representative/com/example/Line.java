package com.example;

import java.util.List;

public record Line(Point from, Point to, List<Point> via) {}
