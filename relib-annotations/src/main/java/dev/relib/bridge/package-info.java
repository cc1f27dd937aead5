/**
 * The contract between the code relib's processor generates and relib's runtime: the base classes
 * of bridges and module stubs, and the fingerprints they embed. Generated code compiles against
 * these types; the runtime implements them. Nothing here is meant to be used directly.
 *
 * <p>These types live beside the annotations because a module's class loader must see them: the
 * module stub, generated into the module, extends {@link dev.relib.bridge.ModuleStub}.
 */
package dev.relib.bridge;
