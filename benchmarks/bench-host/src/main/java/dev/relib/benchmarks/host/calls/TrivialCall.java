package dev.relib.benchmarks.host.calls;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A host → module call of {@code Work.trivial(int)} ({@code x + 1}), so that what is timed is the
 * way the call gets into the module: the direct interface call on the module's own object (the
 * limit), relib's bridge without and with the context class loader switch, a Proxy bridge and two
 * MethodHandle bridges that guard exactly as relib's does (a volatile target read, revoked → an
 * exception, what the module throws translated in a catch), and PF4J's unguarded extension.
 *
 * <p>Fair because every row calls the same method of the same module jar, each loaded by its own
 * loader in a trial-scoped state; each row is its own {@code @Benchmark} method with its own state,
 * run in its own fork, so every call site sees one receiver class; the argument comes from a field
 * and the result is returned to JMH, which consumes it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrivialCall {
  /** The limit: the module's own object, loaded by a bare URLClassLoader, called through {@code Work}. */
  @Benchmark
  public int direct(CallSubjects.Direct subject, CallSubjects.Args args) {
    return subject.work.trivial(args.x);
  }

  /** relib's generated bridge as loaded with the defaults: the load decides the switch. */
  @Benchmark
  public int relibDefault(CallSubjects.RelibDefault subject, CallSubjects.Args args) {
    return subject.work.trivial(args.x);
  }

  /** relib's generated bridge, without the context class loader switch. */
  @Benchmark
  public int relib(CallSubjects.RelibPlain subject, CallSubjects.Args args) {
    return subject.work.trivial(args.x);
  }

  /** relib's generated bridge, switching the context class loader on each call. */
  @Benchmark
  public int relibCcl(CallSubjects.RelibSwitching subject, CallSubjects.Args args) {
    return subject.work.trivial(args.x);
  }

  /** A java.lang.reflect.Proxy bridge with the same guard as relib's. */
  @Benchmark
  public int proxy(CallSubjects.ProxyGuarded subject, CallSubjects.Args args) {
    return subject.work.trivial(args.x);
  }

  /** A MethodHandle bridge with the same guard, its handles static final. */
  @Benchmark
  public int methodHandle(CallSubjects.HandleGuarded subject, CallSubjects.Args args) {
    return subject.work.trivial(args.x);
  }

  /** A MethodHandle bridge with the same guard, its handles in instance fields. */
  @Benchmark
  public int methodHandleField(CallSubjects.InstanceHandleGuarded subject, CallSubjects.Args args) {
    return subject.work.trivial(args.x);
  }

  /** The PF4J extension: the module's own object, unguarded. */
  @Benchmark
  public int pf4j(CallSubjects.Pf4j subject, CallSubjects.Args args) {
    return subject.work.trivial(args.x);
  }
}
