package dev.relib.benchmarks.host.calls;

import static java.lang.invoke.MethodType.methodType;

import dev.relib.benchmarks.api.Person;
import dev.relib.benchmarks.api.Team;
import dev.relib.benchmarks.api.Work;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * A {@link MethodHandle} bridge with relib's guard, at its best: one {@code static final} handle per
 * method of {@link Work} (found with {@code findVirtual} on the interface), which the JIT treats as a
 * constant and can inline through. Each call reads the target from one volatile field (null once
 * revoked, and the call fails), calls {@code invokeExact} and translates what the module threw, as
 * relib's generated bridge does. No context class loader switch.
 */
public final class MethodHandleBridge implements Work {
  private static final MethodHandle TRIVIAL = find("trivial", methodType(int.class, int.class));
  private static final MethodHandle WORK = find("work", methodType(long.class, long.class));
  private static final MethodHandle NAMES = find("names", methodType(List.class));
  private static final MethodHandle PERSON = find("person", methodType(Person.class));
  private static final MethodHandle TEAM = find("team", methodType(Team.class));

  private final String module;
  private volatile Work target;

  public MethodHandleBridge(String module, Work target) {
    this.module = module;
    this.target = target;
  }

  static MethodHandle find(String name, MethodType type) {
    try {
      return MethodHandles.publicLookup().findVirtual(Work.class, name, type);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
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
      return (int) TRIVIAL.invokeExact(target, x);
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
      return (long) WORK.invokeExact(target, seed);
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
      return (List<String>) (List<?>) NAMES.invokeExact(target);
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
      return (Person) PERSON.invokeExact(target);
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
      return (Team) TEAM.invokeExact(target);
    } catch (Throwable e) {
      throw Guard.translate(module, e);
    }
  }
}
