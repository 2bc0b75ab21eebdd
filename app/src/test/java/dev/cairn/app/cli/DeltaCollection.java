package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.TestCorpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A collection whose index is a graph with a delta segment ({@code index/delta.log}): a first build
 * of {@link #FIRST} one-line notes (the titles of real SciFact abstracts, one chunk each: just past
 * the index's small-index threshold of 1,024, so the build makes a graph), then an incremental run
 * that adds {@link #ADDED} notes and deletes {@link #DELETED}, which the index writes as changes to
 * the delta (one frame per insert batch and per delete).
 */
final class DeltaCollection {
  static final int FIRST = 1_100;
  static final int ADDED = 30;
  static final int DELETED = 3;
  static final String QUERY = "gene expression in cancer cells";

  private DeltaCollection() {}

  /**
   * The first build alone: {@link #FIRST} notes in {@code tmp/titles} indexed into {@code
   * tmp/delta-home} (a graph index without a delta); returns the home.
   */
  static Path firstBuild(Path tmp) throws IOException {
    Path notes = Files.createDirectories(tmp.resolve("titles"));
    List<String> titles = titles(FIRST);
    for (int i = 0; i < FIRST; i++) {
      write(notes, i, titles.get(i));
    }
    Path home = tmp.resolve("delta-home");
    Cli.Result first = Cli.run("--home", home.toString(), "index", notes.toString());
    assertThat(first.code()).as(first.err()).isZero();
    return home;
  }

  /** The first build, then the incremental run; returns the home ({@code tmp/delta-home}). */
  static Path create(Path tmp) throws IOException {
    Path home = firstBuild(tmp);
    Path notes = tmp.resolve("titles");
    List<String> titles = titles(FIRST + ADDED);
    for (int i = FIRST; i < FIRST + ADDED; i++) {
      write(notes, i, titles.get(i));
    }
    for (int i = 0; i < DELETED; i++) {
      Files.delete(notes.resolve(name(i * 100)));
    }
    Cli.Result inc = Cli.run("--home", home.toString(), "index", notes.toString());
    assertThat(inc.code()).as(inc.err()).isZero();
    Path log = home.resolve("collections/default/index/delta.log");
    assertThat(log).as("the incremental run wrote to the delta segment").exists();
    assertThat(frameStarts(Files.readAllBytes(log))).hasSizeGreaterThanOrEqualTo(2);
    return home;
  }

  /**
   * Offsets of the frames of a delta log (docs/index-format.md, "Delta segment": a 32-byte header,
   * then frames of a 4-byte payload length, a 4-byte CRC32C and the payload).
   */
  static List<Integer> frameStarts(byte[] log) {
    ByteBuffer b = ByteBuffer.wrap(log).order(ByteOrder.LITTLE_ENDIAN);
    List<Integer> starts = new ArrayList<>();
    int pos = 32;
    while (pos + 8 <= log.length) {
      starts.add(pos);
      pos += 8 + b.getInt(pos);
    }
    return starts;
  }

  /** Payload length of the frame at {@code start}. */
  static int payloadBytes(byte[] log, int start) {
    return ByteBuffer.wrap(log).order(ByteOrder.LITTLE_ENDIAN).getInt(start);
  }

  private static void write(Path notes, int i, String title) throws IOException {
    Files.writeString(notes.resolve(name(i)), title + "\n");
  }

  /** The text of note {@code i} (its title, one line). */
  static String title(int i) throws IOException {
    return titles(i + 1).get(i);
  }

  static String name(int i) {
    return String.format("title-%04d.txt", i);
  }

  /** The first {@code n} distinct, non-blank titles of the SciFact corpus, in file order. */
  private static List<String> titles(int n) throws IOException {
    Path corpus = TestCorpus.sharedData().resolve("beir/scifact/corpus.jsonl");
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    try (BufferedReader r = Files.newBufferedReader(corpus)) {
      for (String line; out.size() < n && (line = r.readLine()) != null; ) {
        JsonNode doc = json.readTree(line);
        String title = doc.path("title").asText("").strip();
        if (!title.isEmpty() && seen.add(title.toLowerCase(java.util.Locale.ROOT))) {
          out.add(title);
        }
      }
    }
    assertThat(out).hasSize(n);
    return out;
  }
}
