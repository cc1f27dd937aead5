package dev.relib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.relib.processor.TestSources.compile;
import static dev.relib.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every error of a source set is reported in one pass, each once. */
class MultipleErrorsTest {
  @Test
  void reportsEveryErrorAtOnce() {
    JavaFileObject api =
        source(
            "test.Shop",
            "package test;",
            "",
            "import java.util.ArrayList;",
            "import java.util.List;",
            "",
            "@dev.relib.Exports",
            "public interface Shop {",
            "  void add(ArrayList<String> items);",
            "",
            "  <T> T find(String name);",
            "",
            "  StringBuilder receipt();",
            "",
            "  void pay(Wallet wallet, int[] coins);",
            "",
            "  List<String> fine();",
            "}");
    JavaFileObject wallet =
        source(
            "test.Wallet",
            "package test;",
            "",
            "@dev.relib.Copy",
            "public final class Wallet {",
            "  private long cents;",
            "}");
    JavaFileObject valid =
        source(
            "test.Clock",
            "package test;",
            "",
            "@dev.relib.Imports",
            "public interface Clock {",
            "  long now();",
            "}");
    JavaFileObject module =
        source(
            "test.ShopModule",
            "package test;",
            "",
            "@dev.relib.Module",
            "public class ShopModule {",
            "  public ShopModule(String name) {}",
            "}");

    Compilation compilation = compile(api, wallet, valid, module);

    assertThat(compilation)
        .hadErrorContaining("[RelibMutableParameter] parameter 'items' of Shop.add")
        .inFile(api)
        .onLineContaining("void add(");
    assertThat(compilation)
        .hadErrorContaining("[RelibGenericMethod] method Shop.find")
        .inFile(api)
        .onLineContaining("<T> T find(");
    assertThat(compilation)
        .hadErrorContaining("[RelibUnsupportedReturn] method Shop.receipt returns StringBuilder")
        .inFile(api)
        .onLineContaining("StringBuilder receipt()");
    assertThat(compilation)
        .hadErrorContaining("[RelibMutableParameter] parameter 'coins' of Shop.pay")
        .inFile(api)
        .onLineContaining("void pay(");
    assertThat(compilation)
        .hadErrorContaining("[RelibCopyField] field 'cents' of @Copy type Wallet is not final")
        .inFile(wallet)
        .onLineContaining("private long cents");
    assertThat(compilation)
        .hadErrorContaining("[RelibModuleExports] @Module class ShopModule implements no @Exports")
        .inFile(module)
        .onLineContaining("public class ShopModule");
    assertThat(compilation)
        .hadErrorContaining("[RelibModuleConstructorParameter] parameter 'name'")
        .inFile(module)
        .onLineContaining("String name");
    assertThat(compilation).hadErrorCount(7);
  }

  @Test
  void copyTypeReachedTwiceIsReportedOnce() {
    JavaFileObject wallet =
        source(
            "test.Wallet",
            "package test;",
            "",
            "@dev.relib.Copy",
            "public final class Wallet {",
            "  private long cents;",
            "}");
    JavaFileObject first =
        source(
            "test.First",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface First {",
            "  void pay(Wallet wallet);",
            "}");
    JavaFileObject second =
        source(
            "test.Second",
            "package test;",
            "",
            "@dev.relib.Imports",
            "public interface Second {",
            "  Wallet wallet();",
            "}");
    Compilation compilation = compile(wallet, first, second);
    assertThat(compilation)
        .hadErrorContaining("[RelibCopyField] field 'cents'")
        .inFile(wallet)
        .onLineContaining("private long cents");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void everyFieldABridgeCannotReadIsReportedOnceWithTheOtherErrors() {
    JavaFileObject card =
        source(
            "lib.Card",
            "package lib;",
            "",
            "@dev.relib.Copy",
            "public final class Card {",
            "  private final java.util.Optional<String> title = java.util.Optional.empty();",
            "}");
    JavaFileObject memo =
        source(
            "lib.Memo",
            "package lib;",
            "",
            "@dev.relib.Copy",
            "public final class Memo {",
            "  private final java.util.Optional<String> note = java.util.Optional.empty();",
            "  final Card card = new Card();",
            "}");
    JavaFileObject shop =
        source(
            "test.Shop",
            "package test;",
            "",
            "@dev.relib.Exports",
            "public interface Shop {",
            "  lib.Memo memo();",
            "",
            "  java.util.List<lib.Memo> memos();",
            "",
            "  StringBuilder receipt();",
            "}");
    JavaFileObject till =
        source(
            "test.Till",
            "package test;",
            "",
            "@dev.relib.Imports",
            "public interface Till {",
            "  java.util.Optional<lib.Memo> last();",
            "}");

    Compilation compilation = compile(card, memo, shop, till);

    assertThat(compilation)
        .hadErrorContaining(
            "[RelibUnreadableCopyField] field 'note' of @Copy type Memo (Optional<String>) cannot"
                + " be read by the generated bridge (it is private;")
        .inFile(memo)
        .onLineContaining("Optional<String> note");
    assertThat(compilation)
        .hadErrorContaining(
            "[RelibUnreadableCopyField] field 'card' of @Copy type Memo (Card, which holds an"
                + " Optional) cannot be read by the generated bridge (it is package-private and"
                + " the bridge is generated in package test; Memo has no public card() or"
                + " getCard() returning Card)")
        .inFile(memo)
        .onLineContaining("Card card");
    assertThat(compilation)
        .hadErrorContaining("[RelibUnreadableCopyField] field 'title' of @Copy type Card")
        .inFile(card)
        .onLineContaining("Optional<String> title");
    assertThat(compilation)
        .hadErrorContaining("[RelibUnsupportedReturn] method Shop.receipt returns StringBuilder")
        .inFile(shop)
        .onLineContaining("StringBuilder receipt()");
    assertThat(compilation).hadErrorCount(4);
  }
}
