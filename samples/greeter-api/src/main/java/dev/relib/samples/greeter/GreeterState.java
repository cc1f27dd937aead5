package dev.relib.samples.greeter;

import java.util.List;

/**
 * What a greeter hands to its next version when it is reloaded: how many greetings it made, and the
 * last names it greeted. The module's stub copies it; nothing of the module's classes passes.
 */
public record GreeterState(long count, List<String> lastGreeted) {}
