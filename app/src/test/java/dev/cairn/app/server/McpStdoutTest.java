package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.chat.testing.TinyLlamaGguf;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn mcp}'s stdout carries JSON-RPC only, also while llama.cpp loads a GGUF chat model
 * and generates (native code that printed to stdout would corrupt the protocol): a real child
 * process answers {@code ask} with the fixture GGUF, and every line it wrote to stdout is a
 * JSON-RPC 2.0 message.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class McpStdoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void llamaCppWritesNothingToTheProtocolStream(@TempDir Path temp) throws Exception {
    Path home = temp.resolve("home");
    Path gguf = TinyLlamaGguf.write(temp.resolve("tiny.gguf"));
    try (DefaultLibraryService library = DefaultLibraryService.open(home)) {
      library
          .index("docs", List.of(SharedDocs.syncNotes(temp.resolve("docs"))), IndexingListener.NONE)
          .await();
      library.updateSettings(library.settings().withChatModel("gguf:" + gguf));
    }
    new ServerSettingsStore(home)
        .save(ServerSettings.defaults().withExposedCollections(List.of("docs")));

    List<String> stdout;
    try (McpChild child = new McpChild(home, temp.resolve("mcp.stderr"))) {
      child.initialize();
      child.send(
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
              + "\"arguments\":{\"collection\":\"docs\",\"question\":\"How does sync work?\"}}}");
      JsonNode result = child.response("2", Duration.ofSeconds(120)).path("result");
      assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
      assertThat(result.path("structuredContent").path("extractive").asBoolean()).isFalse();
      assertThat(result.path("structuredContent").path("model").asText())
          .containsIgnoringCase("llama.cpp");
      child.closeStdin();
      assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.err()).isTrue();
      stdout = child.stdout();
    }
    assertThat(stdout).hasSizeGreaterThanOrEqualTo(2);
    for (String line : stdout) {
      JsonNode message;
      try {
        message = JSON.readTree(line);
      } catch (java.io.IOException e) {
        throw new AssertionError("cairn mcp wrote a line that is not JSON to stdout: " + line, e);
      }
      assertThat(message.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
    }
  }
}
