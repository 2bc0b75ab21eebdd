package dev.cairn.chat.testing;

import dev.cairn.chat.embed.EmbedResult;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbeddingModelInfo;
import dev.cairn.chat.embed.Pooling;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic embedder for tests that need no ONNX Runtime and no model files: each lower-case
 * word is hashed (FNV-1a) to one of {@code dimensions} buckets with a sign, the counts are
 * L2-normalised. Texts sharing words get similar vectors, so retrieval over a handful of notes
 * behaves; it knows nothing of meaning. Thread-safe; a text is one "token" per word plus [CLS] and
 * [SEP], never truncated.
 */
public final class HashingEmbedder implements Embedder {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private final EmbeddingModelInfo info;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** 384 dimensions, like the bundled models. */
  public HashingEmbedder() {
    this(384);
  }

  public HashingEmbedder(int dimensions) {
    this.info =
        new EmbeddingModelInfo(
            "test-hashing-" + dimensions,
            "Hashing embedder (test fixture)",
            dimensions,
            512,
            Pooling.MEAN,
            "hashing");
  }

  @Override
  public EmbeddingModelInfo info() {
    return info;
  }

  @Override
  public EmbedResult embedWithReport(List<String> texts) {
    if (closed.get()) {
      throw new IllegalStateException("the hashing embedder is closed");
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    int[] tokens = new int[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      vectors.add(vector(texts.get(i)));
      tokens[i] = countTokens(texts.get(i));
    }
    return new EmbedResult(vectors, tokens, List.of());
  }

  private float[] vector(String text) {
    float[] v = new float[info.dimensions()];
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      int h = fnv1a(m.group());
      v[Math.floorMod(h, v.length)] += (h & 0x4000_0000) == 0 ? 1 : -1;
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      v[0] = 1; // an empty text is a valid, deterministic vector
      return v;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static int fnv1a(String word) {
    int h = 0x811c9dc5;
    for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return h;
  }

  @Override
  public int countTokens(String text) {
    int n = 2;
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Override
  public int lastTruncatedCount() {
    return 0;
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
