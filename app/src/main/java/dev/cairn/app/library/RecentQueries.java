package dev.cairn.app.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the last searches cost, so that {@code cairn stats} can show it: {@code
 * <home>/run/recent-queries.json} keeps the newest {@value #KEEP} searches of every collection
 * (when, which collection and mode, k, results, wall time, recomputed embeddings, cache hits) —
 * never the query text. Written atomically after each search by the process that searched (the
 * window, {@code cairn serve} or a command line searching in process); two processes writing at the
 * same moment may drop one entry, never corrupt the file. Thread-safe.
 */
public final class RecentQueries {
  private static final Logger LOG = LoggerFactory.getLogger(RecentQueries.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How many searches the file keeps (all collections together). */
  public static final int KEEP = 200;

  /** The format version written in the file; a file with another one is started afresh. */
  static final int FORMAT = 1;

  private final Path file;

  public RecentQueries(Path home) {
    this.file = file(home);
  }

  /** The file under {@code home}. */
  public static Path file(Path home) {
    return home.toAbsolutePath().resolve("run").resolve("recent-queries.json");
  }

  /**
   * One search.
   *
   * @param at when it finished
   * @param collection the collection searched
   * @param mode its mode label (hybrid, vector, lexical)
   * @param k results asked for
   * @param results results returned
   * @param elapsedMs wall time of the search in the process that ran it
   * @param recomputed embeddings recomputed
   * @param cacheHits embeddings served from the hot cache
   */
  public record Entry(
      Instant at,
      String collection,
      String mode,
      int k,
      int results,
      long elapsedMs,
      int recomputed,
      int cacheHits) {
    public Entry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(mode, "mode");
    }
  }

  /**
   * Adds a finished search. A failure to write is logged and otherwise ignored: a search never
   * fails because its cost could not be noted.
   */
  public synchronized void record(SearchRequest request, SearchResponse response) {
    Entry e =
        new Entry(
            Instant.now(),
            request.collection(),
            request.mode().label(),
            request.k(),
            response.items().size(),
            response.elapsed().toMillis(),
            response.recomputed(),
            response.cacheHits());
    List<Entry> all = new ArrayList<>(read(file));
    all.add(e);
    if (all.size() > KEEP) {
      all = new ArrayList<>(all.subList(all.size() - KEEP, all.size()));
    }
    try {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
      }
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(all)));
    } catch (IOException ex) {
      LOG.warn("could not note the search's cost in {}: {}", file, ex.getMessage());
    }
  }

  /** The newest {@code n} searches of {@code collection}, oldest first; empty when none. */
  public static List<Entry> last(Path home, String collection, int n) {
    List<Entry> of =
        read(file(home)).stream().filter(e -> e.collection().equals(collection)).toList();
    return of.subList(Math.max(0, of.size() - n), of.size());
  }

  /** Every entry of the file, oldest first; empty when it is missing or unreadable. */
  static List<Entry> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root.path("format").asInt(-1) != FORMAT) {
        LOG.info("{} has format {}, not {}: started afresh", file, root.path("format"), FORMAT);
        return List.of();
      }
      List<Entry> out = new ArrayList<>();
      for (JsonNode n : root.path("queries")) {
        out.add(
            new Entry(
                Instant.parse(n.path("at").asText()),
                n.path("collection").asText(),
                n.path("mode").asText(),
                n.path("k").asInt(),
                n.path("results").asInt(),
                n.path("elapsed_ms").asLong(),
                n.path("recomputed").asInt(),
                n.path("cache_hits").asInt()));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} cannot be read ({}): started afresh", file, e.getMessage());
      return List.of();
    }
  }

  private static ObjectNode toJson(List<Entry> entries) {
    ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
    ArrayNode queries = root.putArray("queries");
    for (Entry e : entries) {
      queries
          .addObject()
          .put("at", e.at().toString())
          .put("collection", e.collection())
          .put("mode", e.mode())
          .put("k", e.k())
          .put("results", e.results())
          .put("elapsed_ms", e.elapsedMs())
          .put("recomputed", e.recomputed())
          .put("cache_hits", e.cacheHits());
    }
    return root;
  }
}
