package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageCoverageTest {
  private static Map<String, Integer> counts(Object... kv) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Integer) kv[i + 1]);
    }
    return m;
  }

  @Test
  void aCollectionMostlyInLanguagesAnEnglishModelLacksGetsANoticeNamingTheMultilingualModel() {
    LanguageCoverage c =
        LanguageCoverage.of(counts("zh", 60, "my", 20, "en", 20, "", 5), "all-minilm-l6-v2");
    assertThat(c.uncoveredShare()).isEqualTo(0.8);
    assertThat(c.notice())
        .contains("80 %")
        .contains("Chinese (zh) 60 %")
        .contains("Burmese (my) 20 %")
        .contains(LanguageCoverage.MULTILINGUAL_MODEL);
    assertThat(c.summary()).startsWith("Chinese (zh) 57 %").endsWith("unknown 5 %");
  }

  @Test
  void aMostlyEnglishCollectionOrAMultilingualModelGetsNoNotice() {
    assertThat(LanguageCoverage.of(counts("en", 70, "zh", 30), "bge-small-en-v1.5").notice())
        .isNull();
    LanguageCoverage m = LanguageCoverage.of(counts("zh", 100), "multilingual-e5-small");
    assertThat(m.notice()).isNull();
    assertThat(m.uncoveredShare()).isZero();
    assertThat(LanguageCoverage.of(counts("zh", 100), null).notice()).isNull();
    assertThat(LanguageCoverage.of(Map.of(), "all-minilm-l6-v2")).isEqualTo(LanguageCoverage.EMPTY);
  }

  @Test
  void onlyKnownEnglishModelsCountAsEnglishOnly() {
    assertThat(LanguageCoverage.englishOnly("all-minilm-l6-v2")).isTrue();
    assertThat(LanguageCoverage.englishOnly("all-MiniLM-L6-v2")).isTrue();
    assertThat(LanguageCoverage.englishOnly("bge-small-en-v1.5")).isTrue();
    assertThat(LanguageCoverage.englishOnly("nomic-embed-text")).isTrue();
    assertThat(LanguageCoverage.englishOnly("bge-m3")).isFalse();
    assertThat(LanguageCoverage.englishOnly("multilingual-e5-small")).isFalse();
    assertThat(LanguageCoverage.englishOnly("paraphrase-multilingual-MiniLM-L12-v2")).isFalse();
  }
}
