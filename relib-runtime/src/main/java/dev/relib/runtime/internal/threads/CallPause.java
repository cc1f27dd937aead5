package dev.relib.runtime.internal.threads;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Holds the calls through a bridge while a live module hands its state from one version to the
 * next: the bridge is pointed at this pause's proxy, which parks each call until {@link #release}
 * names where it goes, the version that serves afterwards, or nowhere (the module closed).
 *
 * <p>The hot path of a call is untouched: only calls made while the hand-over runs pass through the
 * proxy. A parked thread shows no frame of any module, so the drain of the old version does not
 * wait for it ({@link ThreadScan#callInvolvement}).
 */
public final class CallPause {
  private final Object proxy;
  private final CountDownLatch released = new CountDownLatch(1);
  private final Supplier<RuntimeException> unloaded;
  private volatile Object target;

  private CallPause(Class<?> type, Supplier<RuntimeException> unloaded) {
    this.unloaded = unloaded;
    this.proxy =
        Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Parking(this));
  }

  /**
   * A pause for calls of {@code type}, an interface of the shared API.
   *
   * @param unloaded the exception a parked call throws when released to nowhere
   */
  public static CallPause of(Class<?> type, Supplier<RuntimeException> unloaded) {
    return new CallPause(type, unloaded);
  }

  /** The object the bridge is pointed at while calls pause. */
  public Object proxy() {
    return proxy;
  }

  /**
   * Lets the parked calls, and any that reach the proxy later, go on to {@code target}; null makes
   * them fail with the unloaded exception.
   */
  public void release(Object target) {
    this.target = target;
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
      Object target = pause.target;
      if (target == null) {
        throw pause.unloaded.get();
      }
      try {
        return method.invoke(target, args);
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
