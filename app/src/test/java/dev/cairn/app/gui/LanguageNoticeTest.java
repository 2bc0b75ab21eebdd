package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DocumentLanguages;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the language notice speaks, from document counts and the embedding model. */
class LanguageNoticeTest {
  private static final String MINILM = "all-minilm-l6-v2";

  private static String describe(String model, Object... langAndCount) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < langAndCount.length; i += 2) {
      counts.put((String) langAndCount[i], (Integer) langAndCount[i + 1]);
    }
    return LanguageNotice.describe(new DocumentLanguages(counts, model), "multilingual-e5-small");
  }

  @Test
  void halfTheDocumentsInUncoveredLanguagesIsEnoughAndEachIsNamedWithItsShare() {
    assertThat(describe(MINILM, "zh", 3, "en", 4, "th", 1))
        .isEqualTo(
            "4 of 8 documents whose language is known (50 %) are in languages the embedding model"
                + " all-minilm-l6-v2 (English only) was not trained on: Chinese (zh) 3 documents"
                + " (38 %), Thai (th) 1 document (13 %). Vector search finds them only through"
                + " their English words; keyword search finds them in full. A multilingual"
                + " embedding model such as multilingual-e5-small covers them.");
  }

  @Test
  void aMostlyEnglishCollectionGetsNoNotice() {
    assertThat(describe(MINILM, "en", 5, "zh", 4)).isNull();
    assertThat(describe(MINILM, "en", 5)).isNull();
  }

  @Test
  void documentsOfUnknownLanguageCountNeitherWay() {
    assertThat(describe(MINILM, "", 50, "zh", 2, "en", 1)).startsWith("2 of 3 documents");
    assertThat(describe(MINILM, "", 50)).isNull();
  }

  @Test
  void aMultilingualOrUnknownModelAndAnEmptyCollectionGetNoNotice() {
    assertThat(describe("multilingual-e5-small", "zh", 9)).isNull();
    assertThat(describe("some-model-cairn-does-not-know", "zh", 9)).isNull();
    assertThat(describe(null, "zh", 9)).isNull();
    assertThat(describe(MINILM)).isNull();
  }
}
