package dev.relib.runtime.internal.threads;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;

/**
 * Holds the calls through a bridge while a live module hands its state from one version to the
 * next: the bridge is pointed at this pause's proxy, which parks each call until {@link #release},
 * once the bridge points where calls go next (a version, or nowhere: revoked).
 *
 * <p>A released call goes through the bridge again rather than to a target read at the release: so
 * it reads the bridge's target afresh, and a call released by one hand-over that runs late is
 * parked by the next one instead of reaching a version whose state was already saved. A parked
 * thread, or one just released, shows no frame of any module and reads the bridge only after it
 * leaves the pause, so the drain of the old version need not wait for it ({@link
 * ThreadScan#callInvolvement}). The hot path of a call is untouched: only calls made while a
 * hand-over runs pass through the proxy.
 */
public final class CallPause {
  private final Object proxy;
  private final Object bridge;
  private final CountDownLatch released = new CountDownLatch(1);

  private CallPause(Class<?> type, Object bridge) {
    this.bridge = bridge;
    this.proxy =
        Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Parking(this));
  }

  /**
   * A pause for the calls through {@code bridge}, which implements {@code type}, an interface of
   * the shared API.
   */
  public static CallPause of(Class<?> type, Object bridge) {
    return new CallPause(type, bridge);
  }

  /** The object the bridge is pointed at while calls pause. */
  public Object proxy() {
    return proxy;
  }

  /** Sends the parked calls, and any that reach the proxy later, through the bridge again. */
  public void release() {
    released.countDown();
  }

  /** The proxy's handler; its class name marks a parked call on a thread's stack. */
  static final class Parking implements InvocationHandler {
    private final CallPause pause;

    Parking(CallPause pause) {
      this.pause = pause;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "paused call of " + method.getDeclaringClass().getName();
        };
      }
      awaitRelease();
      try {
        return method.invoke(pause.bridge, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    /** Waits for the release; an interrupt is kept for the call, which goes on once released. */
    private void awaitRelease() {
      boolean interrupted = false;
      while (true) {
        try {
          pause.released.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
