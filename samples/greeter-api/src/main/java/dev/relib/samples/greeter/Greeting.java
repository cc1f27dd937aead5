package dev.relib.samples.greeter;

/**
 * A greeting: a record of Copy components, so it crosses the boundary as it is.
 *
 * @param text what to say
 * @param version which version of the module said it
 */
public record Greeting(String text, int version) {}
