package com.example;

import java.util.Optional;

public record Label(String text, Optional<Color> color) {}
