package dev.cairn.chat.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Any Hugging Face {@code tokenizer.json} (WordPiece, SentencePiece/Unigram, BPE), run by the Rust
 * tokenizers library through {@code ai.djl.huggingface:tokenizers}: the tokenizer of a user's model
 * folder, e.g. a multilingual model whose pieces Cairn's WordPiece cannot produce.
 *
 * <p>Truncation keeps whole words, as {@link WordPieceTokenizer} does: the pieces of the words that
 * fit in {@code maxTokens} (specials included) are kept, and {@link
 * WordPieceTokenizer.Encoding#keptText()} is the prefix of the text covering them.
 *
 * <p>Thread-safe (the native tokenizer is immutable); {@link #close()} frees it.
 */
final class HfTokenizer implements TextTokenizer {

  private final HuggingFaceTokenizer tokenizer;
  private final int padId;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HfTokenizer(HuggingFaceTokenizer tokenizer, int padId) {
    this.tokenizer = tokenizer;
    this.padId = padId;
  }

  /**
   * Reads a {@code tokenizer.json}.
   *
   * @throws ModelFileException naming the file when it is missing or the library cannot read it
   */
  static HfTokenizer load(Path tokenizerJson) throws ModelFileException {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new ModelFileException(tokenizerJson, "tokenizer file not found: " + tokenizerJson);
    }
    HuggingFaceTokenizer t;
    try {
      t =
          HuggingFaceTokenizer.newInstance(
              tokenizerJson,
              Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
    } catch (IOException | RuntimeException e) {
      throw new ModelFileException(
          tokenizerJson,
          "Hugging Face tokenizers cannot read " + tokenizerJson + ": " + e.getMessage(),
          e);
    }
    long[] pad = t.encode("<pad>", false, false).getIds();
    int padId = pad.length == 1 ? (int) pad[0] : 0;
    return new HfTokenizer(t, padId);
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  @Override
  public WordPieceTokenizer.Encoding encode(String text, int maxTokens) {
    if (maxTokens < 2) {
      throw new IllegalArgumentException("maxTokens must be >= 2, got " + maxTokens);
    }
    ai.djl.huggingface.tokenizers.Encoding e = tokenizer.encode(text);
    long[] ids = e.getIds();
    if (ids.length <= maxTokens) {
      return new WordPieceTokenizer.Encoding(toInts(ids), ids.length, false, text);
    }
    long[] special = e.getSpecialTokenMask();
    long[] words = e.getWordIds();
    CharSpan[] spans = e.getCharTokenSpans();
    int lead = 0;
    while (lead < ids.length && special[lead] == 1) {
      lead++;
    }
    int trail = 0;
    while (trail < ids.length - lead && special[ids.length - 1 - trail] == 1) {
      trail++;
    }
    int budget = maxTokens - lead - trail;
    // Keep pieces [lead, lead + keep), cut back to the end of the last whole word.
    int keep = Math.max(0, budget);
    int end = lead + keep;
    if (keep > 0 && end < ids.length - trail && words[end] >= 0 && words[end] == words[end - 1]) {
      long cut = words[end];
      while (end > lead && words[end - 1] == cut) {
        end--;
      }
      if (end == lead) {
        end = lead + keep; // a single word longer than the window: keep its first pieces
      }
    }
    int[] kept = new int[lead + (end - lead) + trail];
    for (int i = 0; i < lead; i++) {
      kept[i] = (int) ids[i];
    }
    for (int i = lead; i < end; i++) {
      kept[i] = (int) ids[i];
    }
    for (int i = 0; i < trail; i++) {
      kept[lead + (end - lead) + i] = (int) ids[ids.length - trail + i];
    }
    int keptChars = 0;
    for (int i = lead; i < end; i++) {
      if (spans[i] != null) {
        keptChars = Math.max(keptChars, spans[i].getEnd());
      }
    }
    return new WordPieceTokenizer.Encoding(
        kept, ids.length, true, text.substring(0, Math.min(text.length(), keptChars)));
  }

  private static int[] toInts(long[] ids) {
    return Arrays.stream(ids).mapToInt(l -> (int) l).toArray();
  }

  @Override
  public int padId() {
    return padId;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      tokenizer.close();
    }
  }
}
