package dev.relib.samples.greeter.module;

import dev.relib.BeforeUnload;
import dev.relib.Module;
import dev.relib.samples.greeter.Greeter;
import dev.relib.samples.greeter.Greeting;
import dev.relib.samples.greeter.HostLog;
import java.util.ArrayList;
import java.util.List;

/** The greeter module. Edit {@link #VERSION} and the greeting, rebuild, and the host reloads it. */
@Module
public final class GreeterModule implements Greeter {
  static final int VERSION = 1;

  private final HostLog log;
  private final List<String> greeted = new ArrayList<>();

  public GreeterModule(HostLog log) {
    this.log = log;
    log.info("greeter module version " + VERSION + " started");
  }

  @Override
  public synchronized Greeting greet(String name) {
    greeted.add(name);
    return new Greeting("Hello, " + name + "!", VERSION);
  }

  @Override
  public synchronized List<String> greeted() {
    // The bridge copies what this returns after the method has returned, outside this lock:
    // hand it a snapshot, not the list other threads keep adding to.
    return new ArrayList<>(greeted);
  }

  @BeforeUnload
  void stop() {
    log.info(
        "greeter module version " + VERSION + " stopping after " + greeted.size() + " greetings");
  }
}
