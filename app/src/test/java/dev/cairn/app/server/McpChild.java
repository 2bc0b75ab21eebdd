package dev.cairn.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code cairn mcp} process driven with raw JSON-RPC lines on its stdin (the SDK's client
 * cannot send {@code notifications/cancelled}); every line it writes to stdout is kept, its stderr
 * goes to a file. Closes the process on {@link #close}.
 */
final class McpChild implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final OutputStream stdin;
  private final Path stderr;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final Thread reader;

  McpChild(Path home, Path stderr) throws IOException {
    this.stderr = stderr;
    process =
        new ProcessBuilder(ChildJvm.command("dev.cairn.app.Main", "--home", home.toString(), "mcp"))
            .redirectError(stderr.toFile())
            .start();
    stdin = process.getOutputStream();
    reader =
        Thread.ofPlatform()
            .daemon()
            .name("mcp-child-stdout")
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      stdout.add(line);
                    }
                  } catch (IOException e) {
                    // the process ended
                  }
                });
  }

  /** Sends one JSON-RPC message as one line. */
  void send(String json) throws IOException {
    stdin.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Opens the MCP session ({@code initialize}, then {@code notifications/initialized}). */
  void initialize() throws Exception {
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    response("\"init\"", Duration.ofSeconds(120));
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  /** Waits for the response whose id is {@code id} (as JSON text: {@code 2}, {@code "a"}). */
  JsonNode response(String id, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : stdout) {
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException e) {
          continue; // not a protocol line: McpStdoutTest reports those
        }
        if (n.has("id") && n.get("id").toString().equals(id) && !n.has("method")) {
          return n;
        }
      }
      if (!process.isAlive() && !reader.isAlive()) {
        break;
      }
      Thread.sleep(25);
    }
    throw new AssertionError(
        "no response with id " + id + " from cairn mcp; stdout: " + stdout + "\nstderr: " + err());
  }

  /** Closes stdin, as a client that exits does. */
  void closeStdin() throws IOException {
    stdin.close();
  }

  boolean awaitExit(Duration wait) throws InterruptedException {
    return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Every line written to stdout so far (after the process ended: all of them). */
  List<String> stdout() throws InterruptedException {
    if (!process.isAlive()) {
      reader.join(10_000);
    }
    return List.copyOf(stdout);
  }

  String err() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(cannot read " + stderr + ": " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stdin.close();
    } catch (IOException e) {
      // already closed
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
