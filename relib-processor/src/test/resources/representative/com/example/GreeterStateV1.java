package com.example;

/** The state an earlier greeter kept, which the current one migrates from. */
public record GreeterStateV1(long greeted) {}
