package com.example;

import java.util.List;
import java.util.Map;

/** What a greeter keeps across reloads: a count, and collections the stub copies. */
public record GreeterState(long greeted, List<String> names, Map<String, Point> places) {}
