package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that goes away in the middle of {@code POST /api/ask} cancels the generation (issue 17,
 * bad input): a real Jetty on loopback, a real socket closed while a slow chat model is still
 * generating; an answer that is waited for arrives whole after its keep-alive spaces.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AskDisconnectTest {
  @Test
  void aClientThatDisconnectsMidAnswerCancelsTheGeneration(@TempDir Path tmp) throws Exception {
    ScriptedChatModel model =
        new ScriptedChatModel("slow", "Sync keeps notes the same on every device [1]. ".repeat(8))
            .pause(Duration.ofMillis(150));
    try (SlowModelServer served = SlowModelServer.start(tmp, model)) {
      HttpServer server = served.server;
      AccessToken token = served.token;
      // Waited for: keep-alive spaces, then the whole answer as JSON.
      String whole = ask(server, token, -1);
      assertThat(whole).startsWith(" ");
      JsonNode answer = new ObjectMapper().readTree(whole);
      assertThat(answer.get("answer").asText()).contains("Sync keeps notes");
      assertThat(model.cancelledRuns()).isZero();

      // Gone after the first spaces: the generation is cancelled.
      ask(server, token, 2);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (model.cancelledRuns() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(model.cancelledRuns()).isEqualTo(1);
    }
  }

  /** Posts a question; reads the whole body, or only {@code bytes} of it and then hangs up. */
  private static String ask(HttpServer server, AccessToken token, int bytes) throws Exception {
    byte[] body =
        "{\"collection\":\"sync\",\"question\":\"How does sync keep notes the same?\"}"
            .getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1:"
                  + server.port()
                  + "\r\nAuthorization: Bearer "
                  + token.value()
                  + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      String head = SlowModelServer.readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200");
      if (bytes >= 0) {
        in.readNBytes(bytes);
        return "";
      }
      byte[] raw = in.readAllBytes();
      return new String(
          head.toLowerCase().contains("transfer-encoding: chunked")
              ? SlowModelServer.dechunk(raw)
              : raw,
          StandardCharsets.UTF_8);
    }
  }
}
