package dev.relib.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relib.runtime.LoadException.Reason;
import dev.relib.runtime.UnloadReport.Collection;
import dev.relib.runtime.testapi.Greeter;
import dev.relib.runtime.testapi.HostLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files an attacker or a careless user may hand to {@code load()}: a zip bomb, entries beyond the
 * bounds, a classes directory behind a symbolic link, a named pipe or a device, and a constructor
 * that leaves a thread behind.
 */
class FaultsHostileFilesTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final Relib relib = Relib.create();
  private final Fixtures.RecordingLog log = new Fixtures.RecordingLog();

  @AfterEach
  void closeRuntime() {
    relib.close();
  }

  private ModuleBuilder<Greeter> greeterBuilder() {
    return relib.module(Greeter.class).provide(HostLog.class, log);
  }

  private void assertHostStillLoads() {
    LoadedModule<Greeter> fine =
        greeterBuilder().load(TestModules.greeter().jarTo(dir.resolve("fine.jar")));
    assertEquals("Hello, Ada", fine.exports().greet("Ada"));
    assertEquals(Collection.COLLECTED, fine.unload().collection());
  }

  @Test
  void aZipBombIsRefusedAtTheDefaultEntryBoundWhateverItsHeaderDeclares() throws Exception {
    // 1 GiB of zeros in a jar of about 1 MiB, whose header declares 1 KiB.
    Path bomb = zipBomb(dir.resolve("bomb.jar"), "data/zeros.bin", 1024);
    assertTrue(Files.size(bomb) < 2 << 20, "a small jar: " + Files.size(bomb));

    LoadException e =
        assertTimeoutPreemptively(
            BOUND, () -> assertThrows(LoadException.class, () -> greeterBuilder().load(bomb)));

    assertEquals(Reason.TOO_LARGE, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("entry data/zeros.bin of " + bomb), e.getMessage());
    assertTrue(e.getMessage().contains("more than 256 MiB"), e.getMessage());
    assertTrue(e.getMessage().contains("ModuleBuilder.maxEntrySize"), e.getMessage());
    assertHostStillLoads();
  }

  @Test
  void theEntryBoundIsConfigurableAndAZipBombCostsNoMoreThanIt() throws Exception {
    Path bomb = zipBomb(dir.resolve("bomb.jar"), "zeros.bin", 1024);
    Runtime runtime = Runtime.getRuntime();
    long before = Fixtures.usedHeapAfterGc();

    LoadException e =
        assertThrows(
            LoadException.class, () -> greeterBuilder().maxEntrySize(1 << 20).load(bomb));

    long grown = (runtime.totalMemory() - runtime.freeMemory()) - before;
    assertEquals(Reason.TOO_LARGE, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("entry zeros.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("more than 1 MiB"), e.getMessage());
    assertTrue(grown < 64L << 20, "reading stopped at the bound; the heap grew by " + grown);
  }

  @Test
  void theModuleBoundCountsEveryEntryOfTheModuleAndItsLibraries() throws Exception {
    Path module = TestModules.greeter().jarTo(dir.resolve("module.jar"));
    long moduleBytes = Files.size(module) * 4; // more than its entries inflate to
    Path library = dir.resolve("library.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(library))) {
      for (int i = 0; i < 3; i++) {
        out.putNextEntry(new java.util.jar.JarEntry("blob-" + i + ".bin"));
        out.write(new byte[400 * 1024]);
        out.closeEntry();
      }
    }
    ModuleBuilder<Greeter> builder =
        greeterBuilder().maxEntrySize(512 * 1024).maxModuleSize(moduleBytes + 1024 * 1024);

    LoadException e =
        assertThrows(LoadException.class, () -> builder.libraries(library).load(module));

    assertEquals(Reason.TOO_LARGE, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("entry blob-2.bin of " + library), e.getMessage());
    assertTrue(e.getMessage().contains("(module " + module + ")"), e.getMessage());
    assertTrue(e.getMessage().contains("ModuleBuilder.maxModuleSize"), e.getMessage());

    // A classes directory is counted file by file too.
    Path classes = TestModules.greeter().compileTo(dir.resolve("classes"));
    Files.write(classes.resolve("big.bin"), new byte[700 * 1024]);
    LoadException directory =
        assertThrows(
            LoadException.class,
            () -> greeterBuilder().maxEntrySize(512 * 1024).load(classes));
    assertEquals(Reason.TOO_LARGE, directory.reason(), directory.getMessage());
    assertTrue(directory.getMessage().contains("entry big.bin"), directory.getMessage());
    assertHostStillLoads();
  }

  @Test
  void boundsOutsideWhatAnArrayHoldsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> greeterBuilder().maxEntrySize(0));
    assertThrows(IllegalArgumentException.class, () -> greeterBuilder().maxEntrySize(1L << 31));
    assertThrows(IllegalArgumentException.class, () -> greeterBuilder().maxModuleSize(-1));
  }

  @Test
  void aClassesDirectoryReachedThroughASymbolicLinkLoads() throws Exception {
    Path classes = TestModules.greeter().compileTo(dir.resolve("real/classes"));
    Path link;
    try {
      link = Files.createSymbolicLink(dir.resolve("link"), classes);
    } catch (UnsupportedOperationException | java.io.IOException e) {
      Assumptions.abort("no symbolic links here: " + e);
      return;
    }

    LoadedModule<Greeter> module = greeterBuilder().load(link);

    assertEquals("Hello, Ada", module.exports().greet("Ada"));
    assertEquals(Collection.COLLECTED, module.unload().collection());
  }

  @Test
  void aNamedPipeOrADeviceIsRefusedWithoutBlocking() throws Exception {
    Path pipe = dir.resolve("module.jar");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
    } catch (java.io.IOException e) {
      Assumptions.abort("no mkfifo here: " + e);
      return;
    }
    Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(pipe), "mkfifo failed");

    LoadException e =
        assertTimeoutPreemptively(
            BOUND, () -> assertThrows(LoadException.class, () -> greeterBuilder().load(pipe)));

    assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
    assertTrue(
        e.getMessage().contains(pipe + " is neither a regular file nor a directory"),
        e.getMessage());

    Path zero = Path.of("/dev/zero");
    if (Files.exists(zero)) {
      LoadException device =
          assertTimeoutPreemptively(
              BOUND, () -> assertThrows(LoadException.class, () -> greeterBuilder().load(zero)));
      assertEquals(Reason.MALFORMED, device.reason(), device.getMessage());
    }
    assertHostStillLoads();
  }

  @Test
  void aConstructorThatStartsAThreadAndThrowsNamesTheThreadInTheLoadException() throws Exception {
    Path broken =
        TestModules.greeter(
                "return command;",
                """
                {
                  Thread worker = new Thread(() -> {
                    while (!Thread.interrupted()) {
                      java.util.concurrent.locks.LockSupport.park();
                    }
                  }, "constructor-worker");
                  worker.setDaemon(true);
                  worker.start();
                  if (System.nanoTime() != 0) {
                    throw new IllegalStateException("no config");
                  }
                }
                """)
            .jarTo(dir.resolve("broken.jar"));
    try {
      LoadException e = assertThrows(LoadException.class, () -> greeterBuilder().load(broken));

      assertEquals(Reason.CONSTRUCTOR_THREW, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("IllegalStateException: no config"), e.getMessage());
      assertTrue(
          e.getMessage().contains("1 thread(s) it started still run module code"), e.getMessage());
      assertTrue(e.getMessage().contains("\"constructor-worker\""), e.getMessage());
    } finally {
      Thread worker = Fixtures.thread("constructor-worker");
      if (worker != null) {
        worker.interrupt();
        worker.join(BOUND.toMillis());
        assertFalse(worker.isAlive());
      }
    }
  }

  /**
   * A jar of one deflated entry of {@code mebibytes} MiB of zeros whose local and central headers
   * declare 1 KiB. Written by hand, from one deflated MiB repeated: deflating a GiB would take
   * seconds.
   */
  static Path zipBomb(Path jar, String entry, int mebibytes) throws Exception {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(new byte[1 << 20]);
    ByteArrayOutputStream segment = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int written;
    do {
      // A full flush resets the dictionary: each segment stands alone and they may be chained.
      written = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
      segment.write(buffer, 0, written);
    } while (written == buffer.length || !deflater.needsInput());
    deflater.end();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    byte[] one = segment.toByteArray();
    for (int i = 0; i < mebibytes; i++) {
      data.write(one);
    }
    data.write(new byte[] {3, 0}); // a final, empty block
    byte[] compressed = data.toByteArray();
    byte[] name = entry.getBytes(StandardCharsets.UTF_8);
    int declared = 1024;

    ByteBuffer zip =
        ByteBuffer.allocate(compressed.length + 2 * name.length + 200)
            .order(ByteOrder.LITTLE_ENDIAN);
    zip.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 8);
    zip.putInt(0).putInt(0).putInt(compressed.length).putInt(declared);
    zip.putShort((short) name.length).putShort((short) 0).put(name).put(compressed);
    int central = zip.position();
    zip.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0);
    zip.putShort((short) 8).putInt(0).putInt(0).putInt(compressed.length).putInt(declared);
    zip.putShort((short) name.length).putShort((short) 0).putShort((short) 0);
    zip.putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(name);
    int centralSize = zip.position() - central;
    zip.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1);
    zip.putShort((short) 1).putInt(centralSize).putInt(central).putShort((short) 0);
    return Files.write(jar, java.util.Arrays.copyOf(zip.array(), zip.position()));
  }
}
