package dev.relib.samples.host;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin-folder demo runs to its end unattended; it throws if a plugin does not behave. */
class PluginFolderDemoTest {
  @TempDir Path work;

  @Test
  void runsToItsEnd() throws Exception {
    PluginFolderDemo.run(Path.of("..", "greeter-module", "src", "main", "java"), work);
  }
}
