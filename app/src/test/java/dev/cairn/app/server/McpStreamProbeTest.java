package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link McpStreamProbe} writes into a response while a call runs, on a real Jetty: SSE
 * comment lines between the events of an event stream (never inside one), nothing at all into an
 * {@code application/json} answer, which a comment line would corrupt.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class McpStreamProbeTest {
  private static final String MESSAGE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}}";

  /** Long enough for several probes: the first one and five more. */
  private static final long SEVERAL_PROBES_MS =
      McpStreamProbe.FIRST.toMillis() + 5 * McpStreamProbe.EVERY.toMillis();

  private final McpStreamProbe probe = new McpStreamProbe();
  private final McpCalls calls = new McpCalls();
  private final CountDownLatch commentRead = new CountDownLatch(1);
  private Server jetty;
  private URI base;

  /** Answers like the SDK does, through the probe, slowly. */
  private final class Slow extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      McpCalls.Call call = calls.register("s", "\"" + req.getPathInfo() + "\"");
      McpStreamProbe.Probed probed = new McpStreamProbe.Probed(resp);
      ScheduledFuture<?> watching = probe.watch(call, probed);
      try {
        PrintWriter writer = probed.getWriter();
        if (req.getPathInfo().equals("/sse")) {
          probed.setContentType("text/event-stream");
          probed.flushBuffer();
          await(commentRead);
          // An event written in two parts: the probe must wait for its end.
          writer.write("id: 1\n");
          writer.write("event: message\n");
          writer.flush();
          Thread.sleep(SEVERAL_PROBES_MS);
          writer.write("data: " + MESSAGE + "\n\n");
        } else {
          probed.setContentType("application/json");
          probed.flushBuffer();
          Thread.sleep(SEVERAL_PROBES_MS);
          writer.write(MESSAGE);
        }
        writer.flush();
        assertThat(call.cancellation().isCancelled()).isFalse();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } finally {
        watching.cancel(false);
        call.close();
      }
    }

    private static void await(CountDownLatch latch) throws InterruptedException, IOException {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IOException("the client read no comment line within 30 s");
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new Slow()), "/slow/*");
    jetty.setHandler(context);
    jetty.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/slow/");
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
    probe.close();
  }

  @Test
  void anEventStreamGetsCommentLinesBetweenEventsOnly() throws Exception {
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("sse")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
        if (line.equals(":")) {
          commentRead.countDown();
        }
      }
    }
    assertThat(lines.getFirst()).as("a comment before the event: %s", lines).isEqualTo(":");
    int id = lines.indexOf("id: 1");
    assertThat(lines.subList(0, id)).as("only comments before the event").containsOnly(":");
    assertThat(lines.subList(id, lines.size()))
        .as("the event whole, nothing inside it")
        .containsExactly("id: 1", "event: message", "data: " + MESSAGE, "");
  }

  @Test
  void aJsonAnswerIsLeftAlone() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("json")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(response.body()).isEqualTo(MESSAGE);
    assertThat(new ObjectMapper().readTree(response.body()).path("result").path("ok").asBoolean())
        .isTrue();
  }
}
