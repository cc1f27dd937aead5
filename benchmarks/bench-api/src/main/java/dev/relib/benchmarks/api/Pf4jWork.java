package dev.relib.benchmarks.api;

import org.pf4j.ExtensionPoint;

/** The same interface as PF4J sees it: PF4J looks extensions up by an {@link ExtensionPoint}. */
public interface Pf4jWork extends Work, ExtensionPoint {}
