package dev.relib.benchmarks.api;

/** Five immutable fields: a Copy type, passed across as it is. */
public record Person(String name, int age, long id, double score, String city) {}
