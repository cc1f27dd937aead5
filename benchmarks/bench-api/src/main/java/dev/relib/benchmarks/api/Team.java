package dev.relib.benchmarks.api;

import java.util.List;

/** A record holding a list: the bridge rebuilds it around a copy of the list. */
public record Team(String name, List<String> members) {}
