package dev.cairn.app.cli;

import dev.cairn.app.library.RecentQueries;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cairn stats}' "recent searches" part: what the last {@value #LAST} searches of a
 * collection cost (wall time, recomputed embeddings, cache hits), from {@code
 * <home>/run/recent-queries.json}.
 */
final class RecentSearches {
  /** How many of a collection's newest searches are summed up. */
  static final int LAST = 20;

  private final List<RecentQueries.Entry> entries;

  private RecentSearches(List<RecentQueries.Entry> entries) {
    this.entries = entries;
  }

  static RecentSearches of(Path home, String collection) {
    return new RecentSearches(RecentQueries.last(home, collection, LAST));
  }

  private long percentileMs(double p) {
    long[] ms = entries.stream().mapToLong(RecentQueries.Entry::elapsedMs).sorted().toArray();
    return ms[(int) Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)];
  }

  private double meanRecomputed() {
    return entries.stream().mapToInt(RecentQueries.Entry::recomputed).average().orElse(0);
  }

  private double meanCacheHits() {
    return entries.stream().mapToInt(RecentQueries.Entry::cacheHits).average().orElse(0);
  }

  /** The lines for the plain output (nothing when the collection has not been searched). */
  void print(PrintStream out) {
    if (entries.isEmpty()) {
      out.printf(Locale.ROOT, "recent searches none yet%n");
      return;
    }
    out.printf(
        Locale.ROOT,
        "recent searches last %d: median %,d ms, slowest %,d ms; per query %.1f recomputed"
            + " (max %d), %.1f from cache%n",
        entries.size(),
        percentileMs(0.5),
        percentileMs(1.0),
        meanRecomputed(),
        entries.stream().mapToInt(RecentQueries.Entry::recomputed).max().orElse(0),
        meanCacheHits());
    RecentQueries.Entry last = entries.getLast();
    out.printf(
        Locale.ROOT,
        "last search     %s, k = %d: %,d ms, %d recomputed, %d from cache (%s)%n",
        last.mode(),
        last.k(),
        last.elapsedMs(),
        last.recomputed(),
        last.cacheHits(),
        last.at());
  }

  /** The JSON object for {@code --json}. */
  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", entries.size());
    m.put("median_ms", entries.isEmpty() ? null : percentileMs(0.5));
    m.put("max_ms", entries.isEmpty() ? null : percentileMs(1.0));
    m.put("mean_recomputed", meanRecomputed());
    m.put("mean_cache_hits", meanCacheHits());
    m.put(
        "queries",
        entries.stream()
            .map(
                e -> {
                  Map<String, Object> q = new LinkedHashMap<>();
                  q.put("at", e.at().toString());
                  q.put("mode", e.mode());
                  q.put("k", e.k());
                  q.put("results", e.results());
                  q.put("elapsed_ms", e.elapsedMs());
                  q.put("recomputed", e.recomputed());
                  q.put("cache_hits", e.cacheHits());
                  return q;
                })
            .toList());
    return m;
  }
}
