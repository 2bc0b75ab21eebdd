package dev.cairn.chat.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BERT tokenizer in pure Java, read from a Hugging Face {@code tokenizer.json}: basic
 * tokenization (clean control characters, lower-case, strip accents, split on whitespace and
 * punctuation, CJK characters as single words) followed by greedy longest-match WordPiece, with
 * {@code [CLS] ... [SEP]} around the pieces.
 *
 * <p>Truncation keeps whole words: pieces are kept up to the last word that fits in {@code
 * maxTokens} (specials included), and {@link Encoding#keptText()} is the prefix of the original
 * text covering exactly those words, so a runtime that tokenizes text itself (llama.cpp) sees the
 * same pieces.
 *
 * <p>Immutable and thread-safe.
 */
public final class WordPieceTokenizer implements TextTokenizer {

  /**
   * A tokenized text.
   *
   * @param ids word-piece ids including [CLS] and [SEP], after truncation
   * @param fullLength pieces of the whole text including specials, before truncation
   * @param truncated whether pieces were dropped
   * @param keptText the prefix of the original text whose words are in {@code ids}
   */
  public record Encoding(int[] ids, int fullLength, boolean truncated, String keptText) {}

  private static final int MAX_CHARS_PER_WORD = 100;

  private final Map<String, Integer> vocab;
  private final Map<String, Integer> continuations;
  private final boolean lowercase;
  private final boolean stripAccents;
  private final boolean chineseChars;
  private final int clsId;
  private final int sepId;
  private final int unkId;
  private final int padId;

  private WordPieceTokenizer(JsonNode root, String source) {
    JsonNode model = root.path("model");
    if (!"WordPiece".equals(model.path("type").asText())) {
      throw new IllegalArgumentException(
          "tokenizer is not WordPiece (model.type='"
              + model.path("type").asText()
              + "'): "
              + source);
    }
    Map<String, Integer> v = new HashMap<>();
    Map<String, Integer> c = new HashMap<>();
    var it = model.path("vocab").properties().iterator();
    while (it.hasNext()) {
      var e = it.next();
      v.put(e.getKey(), e.getValue().asInt());
      if (e.getKey().startsWith("##")) {
        c.put(e.getKey().substring(2), e.getValue().asInt());
      }
    }
    this.vocab = Map.copyOf(v);
    this.continuations = Map.copyOf(c);
    JsonNode norm = root.path("normalizer");
    this.lowercase = norm.path("lowercase").asBoolean(true);
    JsonNode sa = norm.path("strip_accents");
    this.stripAccents = sa.isNull() || sa.isMissingNode() ? lowercase : sa.asBoolean();
    this.chineseChars = norm.path("handle_chinese_chars").asBoolean(true);
    this.clsId = id("[CLS]", source);
    this.sepId = id("[SEP]", source);
    this.unkId = id("[UNK]", source);
    this.padId = vocab.getOrDefault("[PAD]", 0);
  }

  private int id(String token, String source) {
    Integer i = vocab.get(token);
    if (i == null) {
      throw new IllegalArgumentException("tokenizer has no " + token + " token: " + source);
    }
    return i;
  }

  /**
   * Reads a tokenizer.json file.
   *
   * @throws ModelFileException naming the file when it is missing or not a WordPiece tokenizer
   */
  public static WordPieceTokenizer load(Path tokenizerJson) throws ModelFileException {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new ModelFileException(tokenizerJson, "tokenizer file not found: " + tokenizerJson);
    }
    try (InputStream in = Files.newInputStream(tokenizerJson)) {
      return new WordPieceTokenizer(new ObjectMapper().readTree(in), tokenizerJson.toString());
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelFileException(
          tokenizerJson, "corrupt tokenizer file " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int padId() {
    return padId;
  }

  public int vocabSize() {
    return vocab.size();
  }

  /** Pieces of the whole text including [CLS] and [SEP]. */
  @Override
  public int countTokens(String text) {
    int n = 2;
    for (int[] w : words(text)) {
      n += pieces(text, w).length;
    }
    return n;
  }

  /** Tokenizes, truncating to {@code maxTokens} pieces (specials included) at a word boundary. */
  @Override
  public Encoding encode(String text, int maxTokens) {
    if (maxTokens < 2) {
      throw new IllegalArgumentException("maxTokens must be >= 2, got " + maxTokens);
    }
    int budget = maxTokens - 2;
    int[] ids = new int[Math.min(budget, 64) + 2];
    int n = 1;
    ids[0] = clsId;
    int full = 2;
    boolean truncated = false;
    int keptEnd = 0;
    for (int[] w : words(text)) {
      int[] p = pieces(text, w);
      full += p.length;
      if (truncated) {
        continue;
      }
      if (n - 1 + p.length > budget) {
        truncated = true;
        if (n == 1) {
          // A single word longer than the whole budget: keep its leading pieces.
          int take = budget;
          ids = ensure(ids, n + take + 1);
          System.arraycopy(p, 0, ids, n, take);
          n += take;
        }
        continue;
      }
      ids = ensure(ids, n + p.length + 1);
      System.arraycopy(p, 0, ids, n, p.length);
      n += p.length;
      keptEnd = w[1];
    }
    ids = ensure(ids, n + 1);
    ids[n++] = sepId;
    String kept = truncated ? text.substring(0, keptEnd) : text;
    return new Encoding(Arrays.copyOf(ids, n), full, truncated, kept);
  }

  private static int[] ensure(int[] a, int size) {
    return a.length >= size ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
  }

  /** Word spans [start, end) in the original text after basic tokenization. */
  List<int[]> words(String text) {
    List<int[]> out = new ArrayList<>();
    int start = -1;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || isControl(cp) || isWhitespace(cp)) {
        if (start >= 0) {
          out.add(new int[] {start, i});
          start = -1;
        }
      } else if (isPunctuation(cp) || (chineseChars && isCjk(cp))) {
        if (start >= 0) {
          out.add(new int[] {start, i});
          start = -1;
        }
        out.add(new int[] {i, i + len});
      } else if (start < 0) {
        start = i;
      }
      i += len;
    }
    if (start >= 0) {
      out.add(new int[] {start, text.length()});
    }
    return out;
  }

  private int[] pieces(String text, int[] span) {
    String word = normalize(text.substring(span[0], span[1]));
    if (word.isEmpty()) {
      return new int[0];
    }
    if (word.codePointCount(0, word.length()) > MAX_CHARS_PER_WORD) {
      return new int[] {unkId};
    }
    int[] out = new int[8];
    int n = 0;
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (start < end) {
        String sub = word.substring(start, end);
        found = start == 0 ? vocab.get(sub) : continuations.get(sub);
        if (found != null) {
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (found == null) {
        return new int[] {unkId};
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = found;
      start = end;
    }
    return Arrays.copyOf(out, n);
  }

  private String normalize(String word) {
    String w = lowercase ? word.toLowerCase(java.util.Locale.ROOT) : word;
    if (stripAccents && !isAscii(w)) {
      String nfd = Normalizer.normalize(w, Normalizer.Form.NFD);
      StringBuilder sb = new StringBuilder(nfd.length());
      nfd.codePoints()
          .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
          .forEach(sb::appendCodePoint);
      w = sb.toString();
    }
    return w;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 127) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWhitespace(int cp) {
    return cp == ' '
        || cp == '\t'
        || cp == '\n'
        || cp == '\r'
        || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int t = Character.getType(cp);
    return t == Character.CONTROL || t == Character.FORMAT;
  }

  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47)
        || (cp >= 58 && cp <= 64)
        || (cp >= 91 && cp <= 96)
        || (cp >= 123 && cp <= 126)) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  private static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
