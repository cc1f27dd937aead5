/**
 * relib's annotation processor.
 *
 * <p>{@link dev.relib.processor.RelibProcessor} is the only public type. Inside, each annotated
 * type goes through three stages that never mix: a validator ({@code ApiValidator}, {@code
 * ModuleValidator}) checks it against the boundary's type rules ({@code TypeRules}) and returns a
 * report of errors, each a text of the {@code Messages} catalogue on the most precise element; from
 * a clean report it builds an immutable model ({@code ApiModel}, {@code ModuleModel}); a writer
 * ({@code BridgeWriter}, {@code ModuleStubWriter}) turns the model into code with JavaPoet, through
 * {@code GeneratedCode}, which adds what every generated file carries. Only the processor prints
 * and writes.
 *
 * <p>Only {@code javax.lang.model} and {@code javax.annotation.processing} are used, so the
 * processor runs under javac and under Eclipse's compiler alike.
 */
package dev.relib.processor;
