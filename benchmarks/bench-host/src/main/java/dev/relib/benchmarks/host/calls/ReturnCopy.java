package dev.relib.benchmarks.host.calls;

import dev.relib.benchmarks.api.Person;
import dev.relib.benchmarks.api.Team;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * What relib's bridge adds on a call whose result it copies, against the direct call on the
 * module's own object: {@code names()} (a fresh 10-element list, which the bridge copies into an
 * unmodifiable list), {@code person()} (a 5-field record of immutable values, a Copy type, which
 * crosses as it is: the bridge adds only its guard) and {@code team()} (a record holding a list,
 * rebuilt around a copy of the list).
 *
 * <p>Fair because both rows run the same module code, which builds a fresh result each call in
 * either case, so the difference is the guard plus the copy; each row is its own method, state and
 * fork, and the result is returned to JMH, which consumes it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReturnCopy {
  @Benchmark
  public List<String> namesDirect(CallSubjects.Direct subject) {
    return subject.work.names();
  }

  @Benchmark
  public List<String> namesRelib(CallSubjects.RelibPlain subject) {
    return subject.work.names();
  }

  @Benchmark
  public Person personDirect(CallSubjects.Direct subject) {
    return subject.work.person();
  }

  @Benchmark
  public Person personRelib(CallSubjects.RelibPlain subject) {
    return subject.work.person();
  }

  @Benchmark
  public Team teamDirect(CallSubjects.Direct subject) {
    return subject.work.team();
  }

  @Benchmark
  public Team teamRelib(CallSubjects.RelibPlain subject) {
    return subject.work.team();
  }
}
