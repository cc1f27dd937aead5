package dev.relib.runtime.testapi;

import java.util.Map;

/** The state of a later tally: another type, which it migrates to from {@link TallyState}. */
public record TallyStateV2(long total, Map<String, Long> perName, String migratedFrom) {}
