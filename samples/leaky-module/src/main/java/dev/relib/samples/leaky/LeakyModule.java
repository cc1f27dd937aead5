package dev.relib.samples.leaky;

import dev.relib.Module;
import dev.relib.samples.greeter.Greeter;
import dev.relib.samples.greeter.Greeting;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A module that makes three classic mistakes, so that the host can show what relib finds:
 *
 * <ol>
 *   <li>it starts a thread and never stops it (no {@code @BeforeUnload});
 *   <li>it leaves a value of its own class in a thread-local of the host's calling thread;
 *   <li>it adds a logging handler of its own class to the JDK's root logger, a process-wide static.
 * </ol>
 */
@Module
public final class LeakyModule implements Greeter {
  private static final ThreadLocal<Object> CACHE = new ThreadLocal<>();

  public LeakyModule() {
    Thread ticker = new Thread(LeakyModule::tick, "leaky-ticker");
    ticker.setDaemon(true);
    ticker.start();
    Logger.getLogger("").addHandler(new QuietHandler());
  }

  private static void tick() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public Greeting greet(String name) {
    CACHE.set(new Object[] {this, new byte[1 << 20]});
    return new Greeting("Hello from a leaky module, " + name + ".", 0);
  }

  @Override
  public List<String> greeted() {
    return List.of();
  }

  @Override
  public long count() {
    return 0;
  }

  /** A handler that drops everything; what matters is that the root logger now holds it. */
  static final class QuietHandler extends Handler {
    @Override
    public void publish(LogRecord record) {}

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
