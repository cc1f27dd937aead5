package dev.relib.samples.greeter.module;

import dev.relib.BeforeUnload;
import dev.relib.KeepsState;
import dev.relib.Module;
import dev.relib.samples.greeter.Greeter;
import dev.relib.samples.greeter.GreeterState;
import dev.relib.samples.greeter.Greeting;
import dev.relib.samples.greeter.HostLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The greeter module. Edit {@link #VERSION} and the greeting, rebuild, and the host reloads it; the
 * count and the last names greeted pass from each version to the next ({@link KeepsState}).
 */
@Module
public final class GreeterModule implements Greeter, KeepsState<GreeterState> {
  static final int VERSION = 1;
  private static final int KEPT_NAMES = 10;

  private final HostLog log;
  private long count;
  private final ArrayDeque<String> lastGreeted = new ArrayDeque<>();

  public GreeterModule(HostLog log) {
    this.log = log;
    log.info("greeter module version " + VERSION + " started");
  }

  @Override
  public synchronized Greeting greet(String name) {
    count++;
    lastGreeted.addLast(name);
    if (lastGreeted.size() > KEPT_NAMES) {
      lastGreeted.removeFirst();
    }
    return new Greeting("Hello, " + name + "!", VERSION);
  }

  @Override
  public synchronized List<String> greeted() {
    // The bridge copies what this returns after the method has returned, outside this lock:
    // hand it a snapshot, not the deque other threads keep changing.
    return new ArrayList<>(lastGreeted);
  }

  @Override
  public synchronized long count() {
    return count;
  }

  @Override
  public synchronized GreeterState saveState() {
    return new GreeterState(count, new ArrayList<>(lastGreeted));
  }

  @Override
  public synchronized void restoreState(GreeterState state) {
    count = state.count();
    lastGreeted.addAll(state.lastGreeted());
    log.info("greeter module version " + VERSION + " carries on from " + count + " greetings");
  }

  @BeforeUnload
  void stop() {
    log.info("greeter module version " + VERSION + " stopping after " + count + " greetings");
  }
}
