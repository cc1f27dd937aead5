package dev.relib.benchmarks.module;

import dev.relib.benchmarks.api.Pf4jWork;
import org.pf4j.Extension;

/** The same module code as PF4J finds it: an extension of {@link Pf4jWork}. */
@Extension
public class Pf4jWorkExtension extends WorkModule implements Pf4jWork {}
