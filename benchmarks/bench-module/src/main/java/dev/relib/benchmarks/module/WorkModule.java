package dev.relib.benchmarks.module;

import dev.relib.Module;
import dev.relib.benchmarks.api.Person;
import dev.relib.benchmarks.api.Team;
import dev.relib.benchmarks.api.Work;
import java.util.ArrayList;
import java.util.List;

/** The benchmarked module: every benchmark, whatever loads it, calls this code. */
@Module
public class WorkModule implements Work {
  /**
   * Rounds of {@link #work}: about 100 ns on this project's machine (JDK 17, a 2.1 GHz EPYC vCPU),
   * at about 1.8 ns a round of thread CPU time, calibrated against the direct call of {@code
   * WorkCall}.
   */
  static final int ROUNDS = 56;

  private static final String[] NAMES = {
    "ada", "grace", "edsger", "barbara", "donald", "leslie", "tony", "niklaus", "frances", "john"
  };

  @Override
  public int trivial(int x) {
    return x + 1;
  }

  @Override
  public long work(long seed) {
    long x = seed | 1;
    for (int i = 0; i < ROUNDS; i++) {
      // xorshift64: three dependent shifts and xors a round, which no compiler folds away
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }

  @Override
  public List<String> names() {
    List<String> names = new ArrayList<>(NAMES.length);
    for (String name : NAMES) {
      names.add(name);
    }
    return names;
  }

  @Override
  public Person person() {
    return new Person("ada", 36, 1815L, 99.5, "london");
  }

  @Override
  public Team team() {
    return new Team("analysts", names());
  }
}
