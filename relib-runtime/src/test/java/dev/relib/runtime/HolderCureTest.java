package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.internal.heap.HolderCure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the report says releases a holder that the heap dump found inside a library: the call the
 * library documents, matched on the most specific class of the path.
 */
class HolderCureTest {
  private static final ClassLoader HOST = HolderCureTest.class.getClassLoader();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "okio.AsyncTimeout$Watchdog.contextClassLoader | timeouts of 0",
        "okhttp3.internal.concurrent.TaskRunner.backend | TaskRunner.INSTANCE.cancelAll()",
        "kotlinx.coroutines.scheduling.CoroutineScheduler$Worker.contextClassLoader"
            + " | Dispatchers.INSTANCE.shutdown()",
        "com.fasterxml.jackson.core.util.BufferRecycler (soft reference)"
            + " | JsonRecyclerPools.newConcurrentDequePool()",
        "io.netty.util.concurrent.FastThreadLocalThread.contextClassLoader"
            + " | shutdownGracefully()",
        "com.zaxxer.hikari.util.UtilityElf$DefaultThreadFactory | close() the HikariDataSource",
        "io.netty.util.internal.InternalThreadLocalMap | FastThreadLocal.removeAll()",
        "thread \"HikariPool-3:connection-adder\" | close() the HikariDataSource",
        "thread \"OkHttp ConnectionPool connection closer\" | TaskRunner.INSTANCE.cancelAll()",
        "static field java.lang.ApplicationShutdownHooks.hooks"
            + " | --add-opens java.base/java.lang=ALL-UNNAMED",
      })
  void aLibrarysHolderGetsTheCallThatReleasesIt(String step, String advice) {
    HolderCure.Outcome outcome =
        HolderCure.cure(List.of("thread \"worker\"", step, "loader relib:m#1"), HOST);

    assertFalse(outcome.cured(), outcome.text());
    assertTrue(outcome.text().contains(advice), outcome.text());
  }

  @Test
  void aPathThroughNothingKnownGetsNoAdvice() {
    assertNull(
        HolderCure.cure(List.of("static field a.B.c", "a.B.d", "loader relib:m#1"), HOST));
  }

  @Test
  void theOkioWatchdogIsMatchedBeforeOkHttpAsAWhole() {
    HolderCure.Outcome outcome =
        HolderCure.cure(
            List.of(
                "thread \"Okio Watchdog\"",
                "okio.AsyncTimeout$Watchdog.contextClassLoader",
                "okhttp3.OkHttpClient.dispatcher",
                "loader relib:m#1"),
            HOST);
    assertEquals(false, outcome.cured());
    assertTrue(outcome.text().startsWith("Okio: "), outcome.text());
  }

  /** A Netty holder on a host thread's ThreadLocal gets Netty's call, not its event loops'. */
  @Test
  void nettysThreadLocalMapIsMatchedBeforeNettyAsAWhole() {
    HolderCure.Outcome outcome =
        HolderCure.cure(
            List.of(
                "thread \"main\"",
                "java.lang.Thread.threadLocals",
                "java.lang.ThreadLocal$ThreadLocalMap$Entry.value",
                "io.netty.util.internal.InternalThreadLocalMap",
                "class io.netty.util.internal.InternalThreadLocalMap",
                "loader relib:m#1"),
            HOST);
    assertFalse(outcome.cured(), outcome.text());
    assertTrue(
        outcome.text().startsWith("Netty: call FastThreadLocal.removeAll()"), outcome.text());
  }
}
