package dev.cairn.chat.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An embedder that puts a model's {@link TextPrefixes} before each text: the query prefix before
 * {@link #embedQuery} texts, the passage prefix before {@link #embed} / {@link #embedWithReport}
 * texts and the texts {@link #countTokens} sizes (so chunks are sized as they are embedded).
 *
 * <p>Owns the embedder it wraps: {@link #close()} closes it. Thread-safe when that one is.
 */
public final class PrefixedEmbedder implements Embedder {
  private final Embedder delegate;
  private final TextPrefixes prefixes;

  /** Wraps {@code delegate}; with {@link TextPrefixes#NONE} it changes nothing. */
  public PrefixedEmbedder(Embedder delegate, TextPrefixes prefixes) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.prefixes = Objects.requireNonNull(prefixes, "prefixes");
  }

  /** {@code delegate} wrapped when {@code prefixes} has any, else {@code delegate} itself. */
  public static Embedder wrap(Embedder delegate, TextPrefixes prefixes) {
    return prefixes.isNone() ? delegate : new PrefixedEmbedder(delegate, prefixes);
  }

  public TextPrefixes prefixes() {
    return prefixes;
  }

  @Override
  public EmbeddingModelInfo info() {
    return delegate.info();
  }

  @Override
  public EmbedResult embedWithReport(List<String> texts) throws EmbeddingException {
    return delegate.embedWithReport(prefixed(prefixes.passage(), texts));
  }

  @Override
  public float[] embedQuery(String text) throws EmbeddingException {
    return delegate.embedWithReport(List.of(prefixes.query() + text)).vectors().getFirst();
  }

  @Override
  public int countTokens(String text) {
    return delegate.countTokens(prefixes.passage() + text);
  }

  @Override
  public int lastTruncatedCount() {
    return delegate.lastTruncatedCount();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private static List<String> prefixed(String prefix, List<String> texts) {
    if (prefix.isEmpty()) {
      return texts;
    }
    List<String> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(prefix + t);
    }
    return out;
  }
}
