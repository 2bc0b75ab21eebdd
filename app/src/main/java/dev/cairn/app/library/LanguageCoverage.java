package dev.cairn.app.library;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which languages a collection's chunks are in and whether its embedding model covers them.
 *
 * @param chunksByLanguage chunks per detected language (ISO 639-1), most first; {@code ""} counts
 *     the chunks of documents whose language could not be told
 * @param uncoveredShare share of the chunks of known language that are in a language the embedding
 *     model was not trained on (0 when the model covers them all or its coverage is unknown)
 * @param notice a sentence for the user when most of the collection is in such languages, naming
 *     the multilingual model option; null otherwise
 */
public record LanguageCoverage(
    Map<String, Integer> chunksByLanguage, double uncoveredShare, String notice) {

  /** No chunks, nothing to say. */
  public static final LanguageCoverage EMPTY = new LanguageCoverage(Map.of(), 0, null);

  /** From this share of uncovered chunks on, the notice is shown. */
  public static final double NOTICE_SHARE = 0.5;

  /** The multilingual model offered where the embedding model is English-only. */
  public static final String MULTILINGUAL_MODEL = "multilingual-e5-small";

  private static final List<Pattern> ENGLISH_ONLY =
      List.of(
          Pattern.compile("(?i).*minilm-l\\d+-v2.*"),
          Pattern.compile("(?i).*bge-(small|base|large)-en.*"),
          Pattern.compile("(?i)(.*/)?e5-(small|base|large)(-v2)?"),
          Pattern.compile("(?i).*mxbai-embed-large.*"),
          Pattern.compile("(?i)(.*/)?nomic-embed-text(-v1(\\.5)?)?(:.*)?"));

  private static final Pattern MULTILINGUAL =
      Pattern.compile("(?i).*(multilingual|bge-m3|labse|-v2-moe|xlm-r).*");

  public LanguageCoverage {
    chunksByLanguage = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(chunksByLanguage));
  }

  /**
   * The coverage of a collection's chunk languages by the embedding model {@code modelId} (null
   * before the first indexing: then nothing is claimed).
   */
  public static LanguageCoverage of(Map<String, Integer> chunksByLanguage, String modelId) {
    if (chunksByLanguage.isEmpty()) {
      return EMPTY;
    }
    if (modelId == null || !englishOnly(modelId)) {
      return new LanguageCoverage(chunksByLanguage, 0, null);
    }
    long known = 0;
    long uncovered = 0;
    for (var e : chunksByLanguage.entrySet()) {
      if (!e.getKey().isEmpty()) {
        known += e.getValue();
        if (!e.getKey().equals("en")) {
          uncovered += e.getValue();
        }
      }
    }
    double share = known == 0 ? 0 : (double) uncovered / known;
    String notice = null;
    if (share >= NOTICE_SHARE) {
      StringBuilder langs = new StringBuilder();
      for (var e : chunksByLanguage.entrySet()) {
        if (!e.getKey().isEmpty() && !e.getKey().equals("en")) {
          if (!langs.isEmpty()) {
            langs.append(", ");
          }
          langs
              .append(displayName(e.getKey()))
              .append(String.format(Locale.ROOT, " %.0f %%", 100.0 * e.getValue() / known));
        }
      }
      notice =
          String.format(
              Locale.ROOT,
              "%.0f %% of this collection is in languages the embedding model %s (English) was"
                  + " not trained on (%s): vector search finds those notes only through their"
                  + " English words, keyword search finds them in full; a multilingual embedding"
                  + " model such as %s covers them",
              100 * share,
              modelId,
              langs,
              MULTILINGUAL_MODEL);
    }
    return new LanguageCoverage(chunksByLanguage, share, notice);
  }

  /** Whether the model is known to be trained on English text only. */
  public static boolean englishOnly(String modelId) {
    if (MULTILINGUAL.matcher(modelId).matches()) {
      return false;
    }
    return ENGLISH_ONLY.stream().anyMatch(p -> p.matcher(modelId.strip()).matches());
  }

  /** "Chinese (zh)" for a code, the code itself when Java does not know it. */
  public static String displayName(String code) {
    if (code.isEmpty()) {
      return "unknown";
    }
    String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
    return name.isEmpty() || name.equalsIgnoreCase(code) ? code : name + " (" + code + ")";
  }

  /** "Chinese (zh) 60 %, Burmese (my) 30 %, …" for display. */
  public String summary() {
    long total = chunksByLanguage.values().stream().mapToLong(Integer::longValue).sum();
    StringBuilder sb = new StringBuilder();
    for (var e : chunksByLanguage.entrySet()) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(displayName(e.getKey()))
          .append(String.format(Locale.ROOT, " %.0f %%", 100.0 * e.getValue() / total));
    }
    return sb.toString();
  }
}
