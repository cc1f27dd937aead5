package dev.relib.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.relib.processor.TestSources.compile;
import static dev.relib.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per message of the catalogue: its text, the file and line it is reported on, and the
 * number of errors.
 */
class ErrorsTest {
  @TempDir Path classPath;

  @Test
  void exportsOnAClass() {
    JavaFileObject api =
        source("test.Api", "package test;", "", "@dev.relib.Exports", "public class Api {}");
    assertSingleError(
        compile(api),
        api,
        "public class Api",
        "[RelibNotAnInterface] Api is annotated @Exports but is a class: @Exports marks a public"
            + " interface of the shared API; declare Api as an interface or remove the annotation");
  }

  @Test
  void importsOnAPackagePrivateInterface() {
    JavaFileObject api =
        source("test.Api", "package test;", "", "@dev.relib.Imports", "interface Api {}");
    assertSingleError(
        compile(api),
        api,
        "interface Api",
        "[RelibNotPublic] @Imports interface Api is not visible to modules (Api is not public):"
            + " the interface must be public and top-level or nested in public types; make it"
            + " public");
  }

  @Test
  void interfaceNestedInAPackagePrivateClass() {
    JavaFileObject api =
        source(
            "test.Outer",
            "package test;",
            "",
            "class Outer {",
            "  @dev.relib.Exports",
            "  public interface Api {}",
            "}");
    assertSingleError(
        compile(api),
        api,
        "public interface Api",
        "[RelibNotPublic] @Exports interface Outer.Api is not visible to modules (it is nested in"
            + " Outer, which is not public)");
  }

  @Test
  void genericInterface() {
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api<T> {",
            "  T get();",
            "}");
    assertSingleError(
        compile(api),
        api,
        "public interface Api<T>",
        "[RelibGenericInterface] @Exports interface Api declares type parameters <T>: a bridged"
            + " interface cannot be generic");
  }

  @Test
  void genericMethod() {
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  <T> T get(Class<T> type);",
            "}");
    assertSingleError(
        compile(api),
        api,
        "<T> T get",
        "[RelibGenericMethod] method Api.get declares type parameters <T>: bridged methods cannot"
            + " be generic, since a bridge must know how each value crosses; use concrete types");
  }

  @Test
  void mutableParameter() {
    JavaFileObject api =
        source(
            "test.Inventory",
            "package test;",
            "",
            "import java.util.ArrayList;",
            "",
            "@dev.relib.Exports",
            "public interface Inventory {",
            "  void add(",
            "      ArrayList<String> items);",
            "}");
    assertSingleError(
        compile(api),
        api,
        "ArrayList<String> items",
        "[RelibMutableParameter] parameter 'items' of Inventory.add has the mutable type"
            + " ArrayList<String>: parameters must be Copy types; pass an immutable type (a Copy"
            + " type: record of Copy components, String, …) or mark the parameter @Borrowed");
  }

  @Test
  void recordParameterWithAMutableComponent() {
    JavaFileObject line =
        source(
            "test.Line", "package test;", "", "public record Line(String name, int[] points) {}");
    JavaFileObject api =
        source(
            "test.Drawing",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Drawing {",
            "  void draw(Line line);",
            "}");
    assertSingleError(
        compile(line, api),
        api,
        "void draw(Line line)",
        "[RelibMutableParameter] parameter 'line' of Drawing.draw has the mutable type Line"
            + " (record Line has the component 'points' of the non-Copy type int[]): parameters"
            + " must be Copy types");
  }

  @Test
  void callbackOfTheSameSide() {
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  void register(Api other);",
            "}");
    assertSingleError(
        compile(api),
        api,
        "Api other",
        "[RelibSameSideParameter] parameter 'other' of Api.register has the type Api, an @Exports"
            + " interface like the method's own: a callback parameter of an @Exports method must"
            + " be implemented by the caller's side, that is an @Imports interface; annotate Api"
            + " @Imports, or pass a Copy value instead");
  }

  @Test
  void unsupportedReturn() {
    JavaFileObject api =
        source(
            "test.Inventory",
            "package test;",
            "",
            "import java.util.ArrayList;",
            "",
            "@dev.relib.Imports",
            "public interface Inventory {",
            "  ArrayList<String> items();",
            "}");
    assertSingleError(
        compile(api),
        api,
        "ArrayList<String> items()",
        "[RelibUnsupportedReturn] method Inventory.items returns ArrayList<String>, which cannot"
            + " cross the boundary (ArrayList is a mutable collection class): returns must be"
            + " void, a Copy type, a clonable type (an array, List, Set, Map or Optional of"
            + " supported types, a record of those, or a class with a public copy constructor or"
            + " copy() method) or a handle interface; declare the return type as List, Set or Map"
            + " (the bridge returns an immutable copy)");
  }

  @Test
  void returnOfAMutableClassWithoutCopyConstructor() {
    JavaFileObject counter =
        source("test.Counter", "package test;", "", "public class Counter { public int n; }");
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  java.util.List<Counter> counters();",
            "}");
    assertSingleError(
        compile(counter, api),
        api,
        "counters()",
        "[RelibUnsupportedReturn] method Api.counters returns List<Counter>, which cannot cross"
            + " the boundary (Counter is not Copy and has no public copy constructor"
            + " Counter(Counter) or copy() method)");
  }

  @Test
  void returnOfTheOtherSide() {
    JavaFileObject log =
        source("test.Log", "package test;", "", "@dev.relib.Imports", "public interface Log {}");
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  Log log();",
            "}");
    assertSingleError(
        compile(log, api),
        api,
        "Log log()",
        "[RelibWrongSideReturn] method Api.log returns Log, an @Imports interface: an @Exports"
            + " method can return only @Exports interfaces as handles, alone or inside the value it"
            + " returns, since a handle's object lives on the side that implements the method;"
            + " annotate Log @Exports, or return a Copy value instead");
  }

  @Test
  void returnOfTheOtherSideAsAListElement() {
    JavaFileObject session =
        source(
            "test.Session",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Session {}");
    JavaFileObject api =
        source(
            "test.Host",
            "package test;",
            "",
            "@dev.relib.Imports",
            "public interface Host {",
            "  java.util.List<Session> sessions();",
            "}");
    assertSingleError(
        compile(session, api),
        api,
        "sessions()",
        "[RelibWrongSideReturn] method Host.sessions returns List<Session>, whose element is"
            + " Session, an @Exports interface: an @Imports method can return only @Imports"
            + " interfaces as handles, alone or inside the value it returns, since a handle's"
            + " object lives on the side that implements the method; annotate Session @Imports, or"
            + " return a Copy value instead");
  }

  @Test
  void returnOfTheOtherSideInsideAnOptional() {
    JavaFileObject log =
        source("test.Log", "package test;", "", "@dev.relib.Imports", "public interface Log {}");
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  java.util.Optional<java.util.List<Log>> logs();",
            "  java.util.Optional<Log> log();",
            "}");
    Compilation compilation = compile(log, api);
    assertThat(compilation)
        .hadErrorContaining(
            "[RelibWrongSideReturn] method Api.logs returns Optional<List<Log>>, which holds"
                + " List<Log>, whose element is Log, an @Imports interface: an @Exports method can"
                + " return only @Exports interfaces as handles")
        .inFile(api)
        .onLineContaining("logs()");
    assertThat(compilation)
        .hadErrorContaining(
            "[RelibWrongSideReturn] method Api.log returns Optional<Log>, whose content is Log, an"
                + " @Imports interface: an @Exports method can return only @Exports interfaces as"
                + " handles")
        .inFile(api)
        .onLineContaining("log()");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void returnOfTheOtherSideAsARecordComponent() {
    JavaFileObject log =
        source("test.Log", "package test;", "", "@dev.relib.Imports", "public interface Log {}");
    JavaFileObject entry =
        source("test.Entry", "package test;", "", "public record Entry(String text, Log log) {}");
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  Entry entry();",
            "}");
    assertSingleError(
        compile(log, entry, api),
        api,
        "Entry entry()",
        "[RelibWrongSideReturn] method Api.entry returns Entry, whose component 'log' is Log, an"
            + " @Imports interface: an @Exports method can return only @Exports interfaces as"
            + " handles, alone or inside the value it returns, since a handle's object lives on the"
            + " side that implements the method; annotate Log @Exports, or return a Copy value"
            + " instead");
  }

  @Test
  void methodNamedLikeTheBridgesRetarget() {
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  void retarget(@dev.relib.Borrowed Object target);",
            "}");
    assertSingleError(
        compile(api),
        api,
        "void retarget(",
        "[RelibReservedMethod] method Api.retarget has the signature of the bridges' own"
            + " retarget(Object): a bridge could not implement it next to the one it inherits;"
            + " rename the method");
  }

  @Test
  void typeAModuleCannotLoad() {
    JavaFileObject secret =
        source("test.Secret", "package test;", "", "record Secret(int value) {}");
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  java.util.List<Secret> secrets();",
            "}");
    Compilation compilation = compile(secret, api);
    // javac itself only warns here (with -Xlint): the processor's error is the only one.
    assertSingleError(
        compilation,
        api,
        "secrets()",
        "[RelibInaccessibleType] the return type of Api.secrets uses Secret, which a module"
            + " cannot load (Secret is not public): every type in a bridged signature must be"
            + " public and nested only in public types, since it is shared through the API; make"
            + " Secret public");
  }

  @Test
  void copyTypeThatIsNotFinal() {
    JavaFileObject money =
        source(
            "test.Money",
            "package test;",
            "",
            "@dev.relib.Copy",
            "public class Money {",
            "  private final long cents = 0;",
            "}");
    assertSingleError(
        compile(money, apiUsing("Money")),
        money,
        "public class Money",
        "[RelibCopyNotFinal] @Copy type Money is not final: a @Copy type must be a final class or"
            + " a record, so that no subclass can add mutable state; declare it final (or as a"
            + " record)");
  }

  @Test
  void copyTypeWithAMutableField() {
    JavaFileObject money =
        source(
            "test.Money",
            "package test;",
            "",
            "@dev.relib.Copy",
            "public final class Money {",
            "  private final long cents = 0;",
            "  private final java.util.List<String> notes = null;",
            "}");
    assertSingleError(
        compile(money, apiUsing("Money")),
        money,
        "notes = null",
        "[RelibCopyField] field 'notes' of @Copy type Money has the non-Copy type List<String>:"
            + " every instance field of a @Copy type must be final and of a Copy type; give it a"
            + " Copy type");
  }

  @Test
  void copyFieldTheBridgeCannotRead() {
    JavaFileObject memo =
        source(
            "test.Memo",
            "package test;",
            "",
            "@dev.relib.Copy",
            "public final class Memo {",
            "  private final java.util.Optional<String> note = java.util.Optional.empty();",
            "",
            // Not an accessor: it does not return the field's type.
            "  public String note() {",
            "    return note.orElse(\"\");",
            "  }",
            "}");
    assertSingleError(
        compile(memo, apiUsing("Memo")),
        memo,
        "Optional<String> note =",
        "[RelibUnreadableCopyField] field 'note' of @Copy type Memo (Optional<String>) cannot be"
            + " read by the generated bridge (it is private; Memo has no public note() or"
            + " getNote() returning Optional<String>): a bridge checks what each Optional in a"
            + " returned value holds, since an unchecked cast could make it hold an object of the"
            + " other side, whose class loader the receiver would then keep; add to Memo a public"
            + " method note() returning the field, or make the field public");
  }

  @Test
  void copyFieldTheBridgeCannotReadFromTheClassPath() throws IOException {
    compileToClassPath(
        source(
            "lib.Memo",
            "package lib;",
            "",
            "@dev.relib.Copy",
            "public final class Memo {",
            "  final java.util.Optional<String> note = java.util.Optional.empty();",
            "}"));
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  lib.Memo memo();",
            "}");
    assertSingleError(
        compileWithClassPath(api),
        api,
        "lib.Memo memo()",
        "[RelibUnreadableCopyField] field 'note' of @Copy type lib.Memo (Optional<String>) cannot"
            + " be read by the generated bridge (it is package-private and the bridge is generated"
            + " in package test; lib.Memo has no public note() or getNote() returning"
            + " Optional<String>)");
  }

  @Test
  void copyTypeFromTheClassPath() throws IOException {
    compileToClassPath(
        source(
            "lib.Money",
            "package lib;",
            "",
            "@dev.relib.Copy",
            "public final class Money {",
            "  public long cents;",
            "}"));
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  void pay(lib.Money amount);",
            "}");
    assertSingleError(
        compileWithClassPath(api),
        api,
        "lib.Money amount",
        "[RelibInvalidCopyType] parameter 'amount' of Api.pay uses the @Copy type lib.Money from"
            + " the class path, which is not immutable (field 'cents' is not final): a @Copy type"
            + " must be a final class or record whose instance fields are final and Copy; fix"
            + " Money and rebuild it, or remove @Copy from it");
  }

  @Test
  void copyTypeFromTheClassPathThatIsNotFinal() throws IOException {
    compileToClassPath(
        source(
            "lib.Rate",
            "package lib;",
            "",
            "@dev.relib.Copy",
            "public class Rate {",
            "  public final long basisPoints = 0;",
            "}"));
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  void charge(lib.Rate rate);",
            "}");
    assertSingleError(
        compileWithClassPath(api),
        api,
        "lib.Rate rate",
        "[RelibInvalidCopyType] parameter 'rate' of Api.charge uses the @Copy type lib.Rate from"
            + " the class path, which is not immutable (it is not final): a @Copy type must be a"
            + " final class or record whose instance fields are final and Copy; fix Rate and"
            + " rebuild it, or remove @Copy from it");
  }

  @Test
  void moduleThatIsAbstract() {
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public abstract class MyModule implements Api {}");
    assertSingleError(
        compile(emptyApi(), module),
        module,
        "public abstract class MyModule",
        "[RelibModuleShape] @Module class MyModule is abstract: a module class must be a public,"
            + " non-abstract, non-generic class, top-level or static nested, so that its stub can"
            + " construct it; make it concrete");
  }

  @Test
  void moduleWithoutExports() {
    JavaFileObject module =
        source(
            "test.MyModule", "package test;", "", "@dev.relib.Module", "public class MyModule {}");
    assertSingleError(
        compile(module),
        module,
        "public class MyModule",
        "[RelibModuleExports] @Module class MyModule implements no @Exports interface: a module"
            + " class implements exactly one @Exports interface, the one the host calls; implement"
            + " the @Exports interface the module offers");
  }

  @Test
  void moduleWithTwoPublicConstructors() {
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements Api {",
            "  public MyModule() {}",
            "",
            "  public MyModule(int size) {}",
            "}");
    assertSingleError(
        compile(emptyApi(), module),
        module,
        "public MyModule(int size)",
        "[RelibModuleConstructor] @Module class MyModule has more than one public constructor: a"
            + " module class has exactly one public constructor, through which the host provides"
            + " the imports; keep one public constructor");
  }

  @Test
  void moduleConstructorTakingSomethingElse() {
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements Api {",
            "  public MyModule(String name) {}",
            "}");
    assertSingleError(
        compile(emptyApi(), module),
        module,
        "String name",
        "[RelibModuleConstructorParameter] parameter 'name' of the constructor of @Module class"
            + " MyModule has the type String, which is not an @Imports interface: the constructor"
            + " takes only @Imports interfaces, each provided by the host; annotate String"
            + " @Imports, or obtain the value another way");
  }

  @Test // The class file has no parameter names (no -parameters): the message says what it sees.
  void moduleOfAnInvalidInterfaceFromTheClassPath() throws IOException {
    compileToClassPath(
        source(
            "lib.Api",
            "package lib;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  void add(java.util.ArrayList<String> items);",
            "}"));
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements lib.Api {",
            "  @Override",
            "  public void add(java.util.ArrayList<String> items) {}",
            "}");
    assertSingleError(
        compileWithClassPath(module),
        module,
        "public class MyModule",
        "[RelibModuleApi] @Module class MyModule uses the @Exports interface lib.Api from the"
            + " class path, which breaks relib's rules ([RelibMutableParameter] parameter 'arg0'"
            + " of Api.add has the mutable type ArrayList<String>");
  }

  @Test
  void beforeUnloadWithAWrongSignature() {
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements Api {",
            "  @dev.relib.BeforeUnload",
            "  private static int close(int timeout) {",
            "    return 0;",
            "  }",
            "}");
    assertSingleError(
        compile(emptyApi(), module),
        module,
        "private static int close",
        "[RelibBeforeUnloadSignature] @BeforeUnload method MyModule.close takes parameters and"
            + " returns int and is static and is private: the method must take no parameters,"
            + " return void, and be neither static nor private, so that the module stub can call"
            + " it; remove the parameters, return void, make it an instance method, make it"
            + " package-private or public");
  }

  private static JavaFileObject stateModule(String stateType, String... members) {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        List.of(
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements Api, dev.relib.KeepsState<" + stateType + "> {",
            "  public " + stateType + " saveState() { return null; }",
            "",
            "  public void restoreState(" + stateType + " state) {}"));
    lines.addAll(List.of(members));
    lines.add("}");
    return source("test.MyModule", lines.toArray(new String[0]));
  }

  @Test
  void stateHoldingAMutableType() {
    JavaFileObject state =
        source(
            "test.State",
            "package test;",
            "",
            "public record State(long count, StringBuilder log) {}");
    JavaFileObject module = stateModule("State");
    assertSingleError(
        compile(emptyApi(), state, module),
        module,
        "public class MyModule",
        "[RelibStateType] @Module class MyModule keeps the state type State, which cannot be"
            + " copied (");
  }

  @Test
  void stateHoldingAHandle() {
    JavaFileObject state =
        source(
            "test.State",
            "package test;",
            "",
            "public record State(long count, java.util.List<Api> apis) {}");
    JavaFileObject module = stateModule("State");
    assertSingleError(
        compile(emptyApi(), state, module),
        module,
        "public class MyModule",
        "[RelibStateType] @Module class MyModule keeps the state type State, which holds an"
            + " @Exports interface, whose objects are the module's own: a state is handed from one"
            + " version of the module to the next and must be a non-generic record or @Copy class"
            + " of the shared API whose values can be copied, holding nothing of the module; keep"
            + " Copy values, or lists, sets, maps, arrays, Optionals and records of them");
  }

  @Test
  void stateHoldingAHostHandle() {
    JavaFileObject log =
        source("test.Log", "package test;", "", "@dev.relib.Imports", "public interface Log {}");
    JavaFileObject state =
        source(
            "test.State",
            "package test;",
            "",
            "public record State(long count, java.util.Optional<Log> log) {}");
    JavaFileObject module = stateModule("State");
    assertSingleError(
        compile(emptyApi(), log, state, module),
        module,
        "public class MyModule",
        "[RelibStateType] @Module class MyModule keeps the state type State, which holds an"
            + " @Imports interface, whose objects are the host's: a state is handed from one"
            + " version of the module to the next");
  }

  @Test
  void stateOfAJdkTypeOrAPlainClass() {
    JavaFileObject module = stateModule("java.util.List<String>");
    assertSingleError(
        compile(emptyApi(), module),
        module,
        "public class MyModule",
        "[RelibStateType] @Module class MyModule keeps the state type List<String>, which is a JDK"
            + " type: a state names what it holds");
    JavaFileObject plain = source("test.Plain", "package test;", "", "public final class Plain {}");
    JavaFileObject other = stateModule("Plain");
    assertSingleError(
        compile(emptyApi(), plain, other),
        other,
        "public class MyModule",
        "which is neither a record nor a @Copy class");
  }

  @Test
  void migrationSignature() {
    JavaFileObject state =
        source("test.State", "package test;", "", "public record State(long count) {}");
    JavaFileObject module =
        stateModule(
            "State",
            "",
            "  @dev.relib.MigratesState",
            "  private static String migrate(State old, int extra) { return null; }");
    assertSingleError(
        compile(emptyApi(), state, module),
        module,
        "private static String migrate",
        "[RelibMigrationSignature] @MigratesState method MyModule.migrate takes 2 parameters and"
            + " returns String and is static and is private: a migration takes the state of an"
            + " earlier version (a record or @Copy class of the shared API), returns the module's"
            + " state type State, and is neither static nor private, so that the module stub can"
            + " call it; take exactly the earlier state, return State, make it an instance method,"
            + " make it package-private or public");
  }

  @Test
  void migrationFromTheOwnStateType() {
    JavaFileObject state =
        source("test.State", "package test;", "", "public record State(long count) {}");
    JavaFileObject module =
        stateModule(
            "State",
            "",
            "  @dev.relib.MigratesState",
            "  State migrate(State old) { return old; }");
    assertSingleError(
        compile(emptyApi(), state, module),
        module,
        "State migrate(State old)",
        "[RelibMigrationSignature] @MigratesState method MyModule.migrate takes State, which is"
            + " the module's own state type, which needs no migration");
  }

  @Test
  void twoMigrationsFromOneType() {
    JavaFileObject state =
        source("test.State", "package test;", "", "public record State(long count) {}");
    JavaFileObject old =
        source("test.OldState", "package test;", "", "public record OldState(int count) {}");
    JavaFileObject module =
        stateModule(
            "State",
            "",
            "  @dev.relib.MigratesState",
            "  State fromOld(OldState old) { return null; }",
            "",
            "  @dev.relib.MigratesState",
            "  State alsoFromOld(OldState old) { return null; }");
    assertSingleError(
        compile(emptyApi(), state, old, module),
        module,
        "State alsoFromOld",
        "[RelibMigrationDuplicate] @MigratesState method MyModule.alsoFromOld migrates from"
            + " OldState, as MyModule.fromOld does: a module has one migration per earlier state"
            + " type; keep one of them");
  }

  @Test
  void migrationWithoutState() {
    JavaFileObject old =
        source("test.OldState", "package test;", "", "public record OldState(int count) {}");
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements Api {",
            "  @dev.relib.MigratesState",
            "  Object migrate(OldState old) { return null; }",
            "}");
    assertSingleError(
        compile(emptyApi(), old, module),
        module,
        "Object migrate(OldState old)",
        "[RelibMigrationWithoutState] @MigratesState method MyModule.migrate is declared in"
            + " MyModule, which does not implement KeepsState: a migration turns an earlier state"
            + " into the module's own; implement KeepsState<S> in the @Module class, or remove the"
            + " annotation");
  }

  @Test
  void twoBeforeUnloadMethods() {
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements Api {",
            "  @dev.relib.BeforeUnload",
            "  void close() {}",
            "",
            "  @dev.relib.BeforeUnload",
            "  void stop() {}",
            "}");
    assertSingleError(
        compile(emptyApi(), module),
        module,
        "void stop()",
        "[RelibBeforeUnloadDuplicate] @BeforeUnload method MyModule.stop is the second in"
            + " MyModule (the first is MyModule.close): a module has at most one; call the others"
            + " from the first");
  }

  @Test
  void beforeUnloadOutsideAModule() {
    JavaFileObject helper =
        source(
            "test.Helper",
            "package test;",
            "",
            "public final class Helper {",
            "  @dev.relib.BeforeUnload",
            "  void close() {}",
            "}");
    assertSingleError(
        compile(helper),
        helper,
        "void close()",
        "[RelibBeforeUnloadOutsideModule] @BeforeUnload method Helper.close is declared in"
            + " Helper, which is not a @Module class and which no @Module class can extend (it is"
            + " final): only the method of the module class or of its superclasses is called"
            + " before unload; move the method to the @Module class or call it from there");
  }

  /**
   * A module's superclass recompiled alone, as an incremental build (Gradle's isolating mode)
   * recompiles the one file that changed: nothing in the class itself says no module extends it, so
   * it compiles as it does in a full build, where the module is beside it.
   */
  @Test
  void aModulesSuperclassWithItsHookCompiledAloneCompilesAsInAFullBuild() {
    JavaFileObject base =
        source(
            "test.BaseModule",
            "package test;",
            "",
            "public class BaseModule {",
            "  @dev.relib.BeforeUnload",
            "  void close() {}",
            "}");
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule extends BaseModule implements Api {}");

    assertThat(compile(emptyApi(), base, module)).succeededWithoutWarnings();
    assertThat(compile(base)).succeededWithoutWarnings();
  }

  @Test
  void beforeUnloadOfAModuleWhoseAnnotationIsAmbiguous() {
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "import dev.relib.*;",
            "",
            "@Module",
            "public class MyModule implements Api {",
            "  @BeforeUnload",
            "  void close() {}",
            "}");
    Compilation compilation = compile(emptyApi(), module);
    // javac 17 drops the ambiguous annotation, later versions keep it as an error type: the
    // message says why it suspects the annotation either way.
    assertThat(compilation)
        .hadErrorContaining(
            "[RelibModuleAnnotationUnresolved] @BeforeUnload method MyModule.close is declared in"
                + " MyModule, ")
        .inFile(module)
        .onLineContaining("void close()");
    assertThat(compilation)
        .hadErrorContaining(
            ": its @Module annotation most likely did not resolve to dev.relib.Module (after"
                + " import dev.relib.*, the name Module is ambiguous with java.lang.Module, and the"
                + " compiler drops the annotation); write @dev.relib.Module, or import"
                + " dev.relib.Module by name");
    assertThat(compilation).hadErrorContaining("reference to Module is ambiguous");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void moduleConstructorTakingAnImportTwice() {
    JavaFileObject log =
        source("test.Log", "package test;", "", "@dev.relib.Imports", "public interface Log {}");
    JavaFileObject module =
        source(
            "test.MyModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class MyModule implements Api {",
            "  public MyModule(Log log,",
            "      Log audit) {}",
            "}");
    assertSingleError(
        compile(emptyApi(), log, module),
        module,
        "Log audit",
        "[RelibDuplicateImport] parameter 'audit' of the constructor of @Module class MyModule"
            + " takes the @Imports interface Log a second time (the first is 'log'): the host"
            + " provides one object per @Imports interface; take it once and share it");
  }

  @Test
  void typeThatNeverResolves() {
    JavaFileObject api =
        source(
            "test.Api",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Api {",
            "  Missing get();",
            "}");
    Compilation compilation = compile(api);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[RelibUnresolvedType] Api refers to Missing, which could not be resolved in any"
                + " round: relib cannot check or bridge a type it cannot see")
        .inFile(api)
        .onLineContaining("public interface Api");
    // The compiler's own "cannot find symbol" comes with it.
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void generatedFileThatExistsAlready() {
    JavaFileObject bridge =
        source("test.Api_HostBridge", "package test;", "", "public class Api_HostBridge {}");
    Compilation compilation = compile(emptyApi(), bridge);
    assertThat(compilation)
        .hadErrorContaining("[RelibWriteFailed] could not write test.Api_HostBridge for test.Api");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void processorFailure() {
    RelibProcessor failing =
        new RelibProcessor() {
          @Override
          ApiValidator.Result validateApi(TypeElement type, Side side) {
            throw new IllegalStateException("boom");
          }
        };
    JavaFileObject api = emptyApi();
    Compilation compilation = javac().withProcessors(failing).compile(api);
    assertThat(compilation)
        .hadErrorContaining(
            "[RelibInternalError] relib's processor failed on test.Api: this is a bug in relib,"
                + " not in your code; please report it with this trace:")
        .inFile(api)
        .onLineContaining("public interface Api");
    assertThat(compilation).hadErrorContaining("java.lang.IllegalStateException: boom");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void everyMessageHasATest() throws IOException {
    // Surefire runs in the module's directory.
    String tests = Files.readString(Path.of("src/test/java/dev/relib/processor/ErrorsTest.java"));
    for (Messages message : Messages.values()) {
      assertThat(tests).contains("[" + message.tag() + "]");
    }
  }

  private static void assertSingleError(
      Compilation compilation, JavaFileObject file, String line, String message) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
    assertThat(compilation).hadErrorCount(1);
  }

  private static JavaFileObject emptyApi() {
    return source("test.Api", "package test;", "", "@dev.relib.Exports", "public interface Api {}");
  }

  private static JavaFileObject apiUsing(String type) {
    return source(
        "test.Api",
        "package test;",
        "",
        "@dev.relib.Exports",
        "public interface Api {",
        "  " + type + " get();",
        "}");
  }

  private void compileToClassPath(JavaFileObject... sources) throws IOException {
    TestSources.compileToDirectory(classPath, sources);
  }

  private Compilation compileWithClassPath(JavaFileObject... sources) {
    return TestSources.compileWithClassPath(classPath, sources);
  }
}
