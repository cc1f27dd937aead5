package dev.relib.runtime.testapi;

import java.util.List;
import java.util.Map;

/** What a tally keeps across reloads: a count and collections, which the stub copies. */
public record TallyState(long total, Map<String, Long> perName, List<String> recent) {}
