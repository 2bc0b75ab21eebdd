package dev.cairn.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helpers: a file's extracted text rebuilt from its chunks, and a word-bag F1 score. */
public final class ExtractedText {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

  private ExtractedText() {}

  /** Rebuilds each document's text from chunk offsets (overlaps counted once). */
  public static String of(DocumentStore store, Path file) {
    Map<Long, TreeMap<Integer, Character>> perDoc = new TreeMap<>();
    for (ChunkRecord c : store.chunksOfFile(file)) {
      TreeMap<Integer, Character> m = perDoc.computeIfAbsent(c.documentId(), k -> new TreeMap<>());
      int s = c.provenance().startChar();
      for (int i = 0; i < c.text().length(); i++) {
        m.put(s + i, c.text().charAt(i));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (TreeMap<Integer, Character> m : perDoc.values()) {
      int prev = -1;
      for (Map.Entry<Integer, Character> e : m.entrySet()) {
        if (prev >= 0 && e.getKey() != prev + 1) {
          sb.append(' ');
        }
        sb.append(e.getValue());
        prev = e.getKey();
      }
      sb.append("\n\n");
    }
    return sb.toString();
  }

  public static Map<String, Integer> bag(String text) {
    Map<String, Integer> m = new java.util.HashMap<>();
    Matcher w = WORD.matcher(text);
    while (w.find()) {
      m.merge(w.group().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
    }
    return m;
  }

  /** Recall, precision and F1 of the words of {@code extracted} against {@code expected}. */
  public static double[] overlap(String expected, String extracted) {
    Map<String, Integer> e = bag(expected);
    Map<String, Integer> x = bag(extracted);
    long inter = 0;
    for (Map.Entry<String, Integer> en : e.entrySet()) {
      inter += Math.min(en.getValue(), x.getOrDefault(en.getKey(), 0));
    }
    long ne = e.values().stream().mapToLong(Integer::longValue).sum();
    long nx = x.values().stream().mapToLong(Integer::longValue).sum();
    double r = inter / (double) Math.max(1, ne);
    double p = inter / (double) Math.max(1, nx);
    double f = r + p == 0 ? 0 : 2 * r * p / (r + p);
    return new double[] {r, p, f};
  }

  public static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }
}
