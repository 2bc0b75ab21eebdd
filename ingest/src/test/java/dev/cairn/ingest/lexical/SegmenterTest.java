package dev.cairn.ingest.lexical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SegmenterTest {
  @Test
  void aChineseRunBecomesOverlappingBigramsAndItsLastCharacter() {
    assertThat(Segmenter.segments("计算梯度")).isEqualTo("计算 算梯 梯度 度");
  }

  @Test
  void aLatinWordGluedToChineseIsSplitOffAndKeptWhole() {
    assertThat(Segmenter.segments("References编是")).isEqualTo("References 编是 是");
    assertThat(Segmenter.runs("References编是"))
        .extracting(TextRun::noSpace, TextRun::text, TextRun::start, TextRun::end)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(false, "References", 0, 10),
            org.assertj.core.groups.Tuple.tuple(true, "编是", 10, 12));
    // words standing apart are left to the main index
    assertThat(Segmenter.segments("the FAISS index 编是")).isEqualTo("编是 是");
  }

  @Test
  void textWithoutANoSpaceScriptHasNoSegments() {
    assertThat(Segmenter.segments("Plain English, עברית and العربية 👩‍💻")).isNull();
    assertThat(Segmenter.segments("")).isNull();
    assertThat(Segmenter.segments("   \n")).isNull();
  }

  @Test
  void burmeseMarksStayInsideTheirRunAndZeroWidthCharactersAreHandled() {
    // vowel signs and the virama of Burmese are marks: one run, not split at each of them
    assertThat(Segmenter.runs("ကျွန်တော်"))
        .singleElement()
        .extracting(TextRun::noSpace)
        .isEqualTo(true);
    // a zero-width space breaks a Thai run, a word joiner inside Chinese is dropped
    assertThat(Segmenter.runs("ภาษา\u200Bไทย")).hasSize(2);
    assertThat(Segmenter.runs("梯\u2060度"))
        .singleElement()
        .extracting(TextRun::text)
        .isEqualTo("梯度");
    // a zero-width non-joiner splits a Persian word into its parts
    assertThat(Segmenter.runs("می\u200Cخواهم"))
        .extracting(TextRun::text)
        .containsExactly("می", "خواهم");
    // emoji and their joiners are separators
    assertThat(Segmenter.segments("梯度👩\u200D💻更新")).isEqualTo("梯度 度 更新 新");
  }

  @Test
  void charactersOutsideTheBasicPlaneStayWhole() {
    // U+20BB7 is a Han character written as a surrogate pair
    String s = Segmenter.segments("\uD842\uDFB7野家");
    assertThat(s).isEqualTo("\uD842\uDFB7野 野家 家");
  }
}
