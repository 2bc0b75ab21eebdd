package dev.cairn.app.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of the requests other apps made, for the Settings screen: one JSON line per tool call in
 * {@code server/requests.jsonl} under Cairn's home (tool, collection, time, result count, outcome;
 * never the query text or the results). Shared by every Cairn process of the home: {@code cairn
 * mcp} started by an assistant appends to the same file the window reads. Each line is appended in
 * one write; the file is cut back to the last {@value #KEEP} entries when it passes {@value
 * #MAX_BYTES} bytes. Thread-safe.
 */
public final class RequestLog {
  static final int KEEP = 500;
  static final long MAX_BYTES = 256 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request.
   *
   * @param time when it finished
   * @param transport {@code stdio}, {@code http-mcp} or {@code http-api}
   * @param tool the tool (or resource read) called
   * @param collection the collection it named; {@code null} when none
   * @param results how many results it returned (0 for a refusal)
   * @param outcome {@code ok}, or the error code ({@link ToolException.Code#wire()})
   * @param millis how long it took
   */
  public record Entry(
      Instant time,
      String transport,
      String tool,
      String collection,
      int results,
      String outcome,
      long millis) {
    public Entry {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  private final Path file;

  public RequestLog(Path home) {
    this.file = home.resolve("server").resolve("requests.jsonl");
  }

  public Path file() {
    return file;
  }

  /** Appends one entry; a failure to write is logged, never thrown at the caller. */
  public synchronized void append(Entry entry) {
    try {
      Files.createDirectories(file.getParent());
      byte[] line =
          (JSON.writeValueAsString(toJson(entry)) + "\n").getBytes(StandardCharsets.UTF_8);
      Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (Files.size(file) > MAX_BYTES) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> kept = lines.subList(Math.max(0, lines.size() - KEEP), lines.size());
        AtomicFiles.write(file, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      LOG.warn("cannot write the request log {}: {}", file, e.toString());
    }
  }

  /** The last {@code n} entries, oldest first; lines that cannot be read are skipped. */
  public List<Entry> recent(int n) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      LOG.warn("cannot read the request log {}: {}", file, e.toString());
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    for (String line : lines.subList(Math.max(0, lines.size() - n), lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(fromJson(JSON.readTree(line)));
      } catch (IOException | RuntimeException e) {
        LOG.debug("skipping a request-log line that cannot be read: {}", e.toString());
      }
    }
    return out;
  }

  private static java.util.Map<String, Object> toJson(Entry e) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("time", e.time().toString());
    m.put("transport", e.transport());
    m.put("tool", e.tool());
    m.put("collection", e.collection());
    m.put("results", e.results());
    m.put("outcome", e.outcome());
    m.put("millis", e.millis());
    return m;
  }

  private static Entry fromJson(com.fasterxml.jackson.databind.JsonNode n) {
    return new Entry(
        Instant.parse(n.path("time").asText()),
        n.path("transport").asText(),
        n.path("tool").asText(),
        n.path("collection").isNull() ? null : n.path("collection").asText(null),
        n.path("results").asInt(),
        n.path("outcome").asText(),
        n.path("millis").asLong());
  }
}
