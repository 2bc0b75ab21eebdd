package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.app.library.ChildJvm;
import dev.cairn.app.library.TestCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn works fully inside a network namespace that has only a loopback interface ({@code unshare
 * -n}): a first index of real documents (bundled model, no download), hybrid search, a question
 * answered from the documents, validate. Nothing outside loopback can be reached there, so a
 * feature that needed the network would fail this test instead of quietly calling out. After the
 * run, the namespace's socket tables show no socket to an address other than loopback.
 */
@Tag("reliability")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class OfflineTest {
  static final List<String> DOCUMENTS =
      List.of(
          "unstructured_example_docs/category-level.docx",
          "unstructured_example_docs/fake-email.eml",
          "unstructured_example_docs/fake-doc.rtf",
          "unstructured_example_docs/codeblock.md",
          "unstructured_example_docs/example-10k-1p.html",
          "docling_test_data/pdf/sources/2305.03393v1-pg9.pdf");

  @Test
  void indexSearchAskAndValidateWithOnlyLoopback(@TempDir Path tmp) throws Exception {
    assumeThat(canUnshareNetwork())
        .as("this machine does not let the test create a network namespace (unshare -n)")
        .isTrue();
    Path folder = Files.createDirectories(tmp.resolve("docs"));
    for (String d : DOCUMENTS) {
      Path source = TestCorpus.sharedData().resolve("docs").resolve(d);
      Files.copy(source, folder.resolve(source.getFileName()));
    }
    Path home = tmp.resolve("home");
    Path sockets = tmp.resolve("sockets.txt");
    String script =
        String.join(
            "\n",
            "set -e",
            "if command -v ip >/dev/null; then ip link set lo up; fi",
            cairn(home, "index", folder.toString()),
            cairn(home, "search", "'fake email'", "-k", "3"),
            cairn(home, "ask", "'What is the email about?'"),
            cairn(home, "validate"),
            "cat /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6 > " + quote(sockets));
    Process p =
        new ProcessBuilder("unshare", "-n", "bash", "-c", script).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("fake-email.eml");
    assertThat(output).doesNotContain("Exception");
    assertThat(nonLoopbackSockets(Files.readAllLines(sockets))).isEmpty();
  }

  /** Rows of /proc/net/{tcp,udp}[6] whose local or remote address is neither loopback nor 0. */
  static List<String> nonLoopbackSockets(List<String> rows) {
    return rows.stream()
        .map(String::trim)
        .filter(r -> !r.isEmpty() && !r.startsWith("sl"))
        .filter(
            r -> {
              String[] f = r.split("\\s+");
              return !isLocal(f[1]) || !isLocal(f[2]);
            })
        .collect(Collectors.toList());
  }

  private static boolean isLocal(String hexAddressPort) {
    String a = hexAddressPort.substring(0, hexAddressPort.indexOf(':'));
    return a.chars().allMatch(c -> c == '0') // unbound / any
        || a.equals("0100007F") // 127.0.0.1 (little-endian)
        || a.equals("00000000000000000000000001000000") // ::1
        || a.endsWith("0100007F") && a.startsWith("0000000000000000FFFF0000");
  }

  private static String cairn(Path home, String... args) {
    List<String> cmd =
        ChildJvm.command("dev.cairn.app.Main", "--home", home.toString()).stream()
            .map(OfflineTest::quote)
            .collect(Collectors.toList());
    for (String a : args) {
      cmd.add(a.startsWith("'") ? a : quote(a));
    }
    return String.join(" ", cmd);
  }

  private static String quote(Object s) {
    return "'" + s.toString().replace("'", "'\\''") + "'";
  }

  private static boolean canUnshareNetwork() throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
    } catch (IOException e) {
      return false;
    }
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
