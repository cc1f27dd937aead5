package dev.relib;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the entry class of a module.
 *
 * <p>The class must be public, not abstract, top-level or static nested, and implement exactly one
 * {@link Exports} interface. It has exactly one public constructor, which takes nothing or only
 * {@link Imports} interfaces; the host provides each one when it loads the module.
 *
 * <p>The annotation processor generates a <em>module stub</em>, {@code <Name>_ModuleStub}, into the
 * module's own output, with a resource under {@code META-INF/relib/stubs/} that lets the runtime
 * find it. The stub records the relib version and the fingerprints of the interfaces the module was
 * compiled against, so that a module built against another version of the API is refused at load
 * with the differing methods named. A module (its jar or classes directory) holds exactly one
 * {@code @Module} class.
 *
 * <pre>{@code
 * @Module
 * public final class GreeterModule implements Greeter {
 *   private final HostLog log;
 *
 *   public GreeterModule(HostLog log) {
 *     this.log = log;
 *   }
 *
 *   @Override
 *   public String greet(String name) {
 *     log.info("greeting " + name);
 *     return "Hello, " + name + "!";
 *   }
 *
 *   @BeforeUnload
 *   void close() { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Module {}
