package dev.relib.benchmarks.host.calls;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A host → module call of {@code Work.work(long)}, about 100 ns of dependent arithmetic (see {@code
 * WorkModule.ROUNDS}): what the guard costs on a call that does something, for each way into the
 * module that {@link TrivialCall} compares.
 *
 * <p>Fair for the same reasons as {@link TrivialCall}: the same module code for every row, one
 * receiver class per call site (one method, one state, one fork a row), the seed read from a field
 * and the result consumed by JMH.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WorkCall {
  /** The limit: the module's own object, loaded by a bare URLClassLoader, called through {@code Work}. */
  @Benchmark
  public long direct(CallSubjects.Direct subject, CallSubjects.Args args) {
    return subject.work.work(args.seed);
  }

  /** relib's generated bridge as loaded with the defaults: the load decides the switch. */
  @Benchmark
  public long relibDefault(CallSubjects.RelibDefault subject, CallSubjects.Args args) {
    return subject.work.work(args.seed);
  }

  /** relib's generated bridge, without the context class loader switch. */
  @Benchmark
  public long relib(CallSubjects.RelibPlain subject, CallSubjects.Args args) {
    return subject.work.work(args.seed);
  }

  /** relib's generated bridge, switching the context class loader on each call. */
  @Benchmark
  public long relibCcl(CallSubjects.RelibSwitching subject, CallSubjects.Args args) {
    return subject.work.work(args.seed);
  }

  /** A java.lang.reflect.Proxy bridge with the same guard as relib's. */
  @Benchmark
  public long proxy(CallSubjects.ProxyGuarded subject, CallSubjects.Args args) {
    return subject.work.work(args.seed);
  }

  /** A MethodHandle bridge with the same guard, its handles static final. */
  @Benchmark
  public long methodHandle(CallSubjects.HandleGuarded subject, CallSubjects.Args args) {
    return subject.work.work(args.seed);
  }

  /** A MethodHandle bridge with the same guard, its handles in instance fields. */
  @Benchmark
  public long methodHandleField(CallSubjects.InstanceHandleGuarded subject, CallSubjects.Args args) {
    return subject.work.work(args.seed);
  }

  /** The PF4J extension: the module's own object, unguarded. */
  @Benchmark
  public long pf4j(CallSubjects.Pf4j subject, CallSubjects.Args args) {
    return subject.work.work(args.seed);
  }
}
