package dev.cairn.app.gui;

import dev.cairn.app.library.DocumentLanguages;
import dev.cairn.app.library.LanguageCoverage;
import java.util.Locale;
import java.util.Map;

/**
 * The sentence of the language notice, from a collection's documents per language and its embedding
 * model: shown when at least {@link #NOTICE_SHARE} of the documents whose language is known are in
 * languages an English-only model ({@link LanguageCoverage#englishOnly}) was not trained on. A
 * multilingual model, or one whose languages Cairn does not know, gets no notice: nothing is
 * claimed about it.
 */
final class LanguageNotice {

  /** From this share of documents in uncovered languages on, the notice is shown. */
  static final double NOTICE_SHARE = 0.5;

  private LanguageNotice() {}

  /**
   * "2 of 3 documents (67 %) are in languages … Chinese (zh) 1 document (33 %), Burmese (my) 1
   * document (33 %) …", or {@code null} when there is nothing to say.
   *
   * @param multilingual the display name of the multilingual model offered
   */
  static String describe(DocumentLanguages d, String multilingual) {
    String model = d.embeddingModel();
    if (model == null || !LanguageCoverage.englishOnly(model)) {
      return null;
    }
    long known = 0;
    long uncovered = 0;
    for (Map.Entry<String, Integer> e : d.documentsByLanguage().entrySet()) {
      if (!e.getKey().isEmpty()) {
        known += e.getValue();
        if (!e.getKey().equals("en")) {
          uncovered += e.getValue();
        }
      }
    }
    if (known == 0 || uncovered < NOTICE_SHARE * known) {
      return null;
    }
    StringBuilder langs = new StringBuilder();
    for (Map.Entry<String, Integer> e : d.documentsByLanguage().entrySet()) {
      if (!e.getKey().isEmpty() && !e.getKey().equals("en")) {
        if (!langs.isEmpty()) {
          langs.append(", ");
        }
        langs
            .append(LanguageCoverage.displayName(e.getKey()))
            .append(' ')
            .append(documents(e.getValue()))
            .append(percent(e.getValue(), known));
      }
    }
    return String.format(
        Locale.ROOT,
        "%d of %s whose language is known%s are in languages the embedding model %s (English"
            + " only) was not trained on: %s. Vector search finds them only through their English"
            + " words; keyword search finds them in full. A multilingual embedding model such as"
            + " %s covers them.",
        uncovered,
        documents(known),
        percent(uncovered, known),
        model,
        langs,
        multilingual);
  }

  private static String documents(long n) {
    return n + (n == 1 ? " document" : " documents");
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, " (%.0f %%)", 100.0 * part / whole);
  }
}
