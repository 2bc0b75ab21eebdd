package dev.cairn.chat.embed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared work of the embedders that tokenize on the client: truncation with report, length-sorted
 * batching, interrupt checks between batches, L2 normalisation.
 */
abstract class LocalEmbedder implements Embedder {

  private static final Logger LOG = LoggerFactory.getLogger(LocalEmbedder.class);

  protected final TextTokenizer tokenizer;
  protected final EmbeddingModelInfo info;
  protected final int batchSize;
  private final AtomicInteger lastTruncated = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  LocalEmbedder(TextTokenizer tokenizer, EmbeddingModelInfo info, int batchSize) {
    this.tokenizer = tokenizer;
    this.info = info;
    this.batchSize = batchSize;
  }

  @Override
  public EmbeddingModelInfo info() {
    return info;
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.countTokens(Objects.requireNonNull(text, "text"));
  }

  @Override
  public int lastTruncatedCount() {
    return lastTruncated.get();
  }

  @Override
  public EmbedResult embedWithReport(List<String> texts) throws EmbeddingException {
    if (closed.get()) {
      throw new IllegalStateException("embedder is closed: " + info.modelId());
    }
    int n = texts.size();
    WordPieceTokenizer.Encoding[] enc = new WordPieceTokenizer.Encoding[n];
    int[] counts = new int[n];
    List<Integer> truncated = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String t = Objects.requireNonNull(texts.get(i), "texts[" + i + "] is null");
      enc[i] = tokenizer.encode(t, info.maxTokens());
      counts[i] = enc[i].fullLength();
      if (enc[i].truncated()) {
        truncated.add(i);
      }
    }
    if (!truncated.isEmpty()) {
      LOG.debug(
          "{}: truncated {} of {} texts to {} tokens",
          info.modelId(),
          truncated.size(),
          n,
          info.maxTokens());
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> enc[i].ids().length));
    float[][] out = new float[n][];
    int done = 0;
    while (done < n) {
      if (Thread.currentThread().isInterrupted()) {
        throw new EmbeddingCancelledException(done, n);
      }
      int end = Math.min(n, done + batchSize);
      int[] idx = new int[end - done];
      for (int k = 0; k < idx.length; k++) {
        idx[k] = order[done + k];
      }
      float[][] vecs = embedBatch(idx, enc);
      for (int k = 0; k < idx.length; k++) {
        out[idx[k]] = normalize(vecs[k]);
      }
      done = end;
    }
    lastTruncated.set(truncated.size());
    return new EmbedResult(Arrays.asList(out), counts, truncated);
  }

  /** Runs the model on the given texts; returns raw pooled vectors in the order of {@code idx}. */
  protected abstract float[][] embedBatch(int[] idx, WordPieceTokenizer.Encoding[] enc)
      throws EmbeddingException;

  static float[] normalize(float[] v) {
    double s = 0;
    for (float f : v) {
      s += (double) f * f;
    }
    float inv = s > 0 ? (float) (1.0 / Math.sqrt(s)) : 0f;
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      release();
      tokenizer.close();
    }
  }

  protected boolean isClosed() {
    return closed.get();
  }

  /** Frees the runtime; called once. */
  protected abstract void release();
}
