package dev.cairn.app.cli;

import dev.cairn.ingest.DocumentStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the crash tests share: watching a child's progress lines, reading a home's chunk texts. */
final class CrashRuns {
  private CrashRuns() {}

  static final Pattern EMBEDDED = Pattern.compile("embedded (\\d+) ");

  /**
   * Reads the child's progress lines until one of the given phases ({@code "[embedding]"} …)
   * reports at least {@code n} chunks embedded; returns that count.
   */
  static long awaitEmbedded(Process p, long n, String... phases) throws Exception {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = r.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = EMBEDDED.matcher(line);
      String current = line;
      boolean inPhase = Arrays.stream(phases).anyMatch(current::startsWith);
      if (inPhase && m.find() && Long.parseLong(m.group(1)) >= n) {
        return Long.parseLong(m.group(1));
      }
    }
    throw new AssertionError("the child ended before embedding " + n + ":\n" + seen);
  }

  /** Every chunk text of the home's default collection, sorted. */
  static List<String> chunkTexts(Path home) throws Exception {
    try (DocumentStore store =
        DocumentStore.open(home.resolve("collections/default/documents.sqlite"))) {
      long[] ids = store.allChunkIds();
      Arrays.sort(ids);
      List<String> texts = new ArrayList<>(store.chunkTexts(ids));
      texts.sort(null);
      return texts;
    }
  }
}
