package dev.relib.benchmarks.host.calls;

import static java.lang.invoke.MethodType.methodType;

import dev.relib.benchmarks.api.Person;
import dev.relib.benchmarks.api.Team;
import dev.relib.benchmarks.api.Work;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * The same bridge as {@link MethodHandleBridge}, but with its handles in final instance fields, as a
 * framework that resolves them per loaded module at run time keeps them: the JIT does not trust
 * instance finals, so the handle is not a constant and each call goes through the handle's own
 * code. The only difference from {@link MethodHandleBridge} is where the handles live.
 */
public final class InstanceMethodHandleBridge implements Work {
  private final MethodHandle trivial = MethodHandleBridge.find("trivial", methodType(int.class, int.class));
  private final MethodHandle work = MethodHandleBridge.find("work", methodType(long.class, long.class));
  private final MethodHandle names = MethodHandleBridge.find("names", methodType(List.class));
  private final MethodHandle person = MethodHandleBridge.find("person", methodType(Person.class));
  private final MethodHandle team = MethodHandleBridge.find("team", methodType(Team.class));

  private final String module;
  private volatile Work target;

  public InstanceMethodHandleBridge(String module, Work target) {
    this.module = module;
    this.target = target;
  }

  /** Unload's first step: every later call fails. */
  public void revoke() {
    target = null;
  }

  @Override
  public int trivial(int x) {
    Work target = this.target;
    if (target == null) {
      throw Guard.unloaded(module);
    }
    try {
      return (int) trivial.invokeExact(target, x);
    } catch (Throwable e) {
      throw Guard.translate(module, e);
    }
  }

  @Override
  public long work(long seed) {
    Work target = this.target;
    if (target == null) {
      throw Guard.unloaded(module);
    }
    try {
      return (long) work.invokeExact(target, seed);
    } catch (Throwable e) {
      throw Guard.translate(module, e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String> names() {
    Work target = this.target;
    if (target == null) {
      throw Guard.unloaded(module);
    }
    try {
      return (List<String>) (List<?>) names.invokeExact(target);
    } catch (Throwable e) {
      throw Guard.translate(module, e);
    }
  }

  @Override
  public Person person() {
    Work target = this.target;
    if (target == null) {
      throw Guard.unloaded(module);
    }
    try {
      return (Person) person.invokeExact(target);
    } catch (Throwable e) {
      throw Guard.translate(module, e);
    }
  }

  @Override
  public Team team() {
    Work target = this.target;
    if (target == null) {
      throw Guard.unloaded(module);
    }
    try {
      return (Team) team.invokeExact(target);
    } catch (Throwable e) {
      throw Guard.translate(module, e);
    }
  }
}
