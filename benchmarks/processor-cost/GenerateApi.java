import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a shared API of {@code interfaces} interfaces of {@code methods} methods each, for timing
 * javac with and without relib's processor: {@code java GenerateApi.java <dir> [interfaces]
 * [methods]}. Four in five interfaces are {@code @Exports}, one in five {@code @Imports}; the
 * methods cycle through the shapes a real API has, so the processor meets each kind of check and
 * copy.
 */
public class GenerateApi {
  private static final String PACKAGE = "bench.api";

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
    int interfaces = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int methods = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Files.createDirectories(root);
    write(root, "Point", "public record Point(int x, int y, String label) {}\n");
    write(
        root,
        "Batch",
        "import java.util.List;\n\npublic record Batch(String name, List<Point> points) {}\n");
    for (int i = 0; i < interfaces; i++) {
      boolean imports = i % 5 == 4;
      String name = (imports ? "HostService" : "Service") + i;
      StringBuilder body = new StringBuilder();
      body.append("import dev.relib.Borrowed;\n")
          .append("import dev.relib.").append(imports ? "Imports" : "Exports").append(";\n")
          .append("import java.util.List;\nimport java.util.Map;\nimport java.util.Optional;\n\n")
          .append('@').append(imports ? "Imports" : "Exports").append('\n')
          .append("public interface ").append(name).append(" {\n");
      for (int m = 0; m < methods; m++) {
        body.append("  ").append(method(m)).append('\n');
      }
      body.append("}\n");
      write(root, name, body.toString());
    }
  }

  private static String method(int m) {
    return switch (m % 10) {
      case 0 -> "int count" + m + "(int from, int to);";
      case 1 -> "String name" + m + "(String key);";
      case 2 -> "List<String> names" + m + "(int limit);";
      case 3 -> "Point point" + m + "(Point near);";
      case 4 -> "Batch batch" + m + "(String name);";
      case 5 -> "Map<String, List<Integer>> index" + m + "();";
      case 6 -> "Optional<Point> find" + m + "(String label);";
      case 7 -> "void accept" + m + "(@Borrowed List<Point> points);";
      case 8 -> "byte[] bytes" + m + "(long offset);";
      default -> "double sum" + m + "(@Borrowed double[] values);";
    };
  }

  private static void write(Path root, String type, String body) throws IOException {
    Files.writeString(root.resolve(type + ".java"), "package " + PACKAGE + ";\n\n" + body);
  }
}
