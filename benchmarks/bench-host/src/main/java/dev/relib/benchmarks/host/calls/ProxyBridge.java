package dev.relib.benchmarks.host.calls;

import dev.relib.benchmarks.api.Work;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A {@link Proxy} bridge with relib's guard: what a framework without generated code would write.
 * The handler reads the target from one volatile field (null once revoked, and the call fails),
 * forwards with {@link Method#invoke} (the interface's own public {@code Method}, which the proxy
 * class holds in static final fields) and translates what the module threw. No context class loader
 * switch: it compares with relib's bridge without one.
 */
public final class ProxyBridge implements InvocationHandler {
  private final String module;
  private volatile Object target;

  public ProxyBridge(String module, Work target) {
    this.module = module;
    this.target = target;
  }

  /** A proxy implementing {@link Work}, defined in the host's loader, that calls this handler. */
  public Work proxy() {
    return (Work) Proxy.newProxyInstance(Work.class.getClassLoader(), new Class<?>[] {Work.class}, this);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    Object target = this.target;
    if (target == null) {
      throw Guard.unloaded(module);
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw Guard.translate(module, e.getCause());
    } catch (Throwable e) {
      throw Guard.translate(module, e);
    }
  }

  /** Unload's first step: every later call fails. */
  public void revoke() {
    target = null;
  }
}
