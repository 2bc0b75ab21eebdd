package dev.cairn.ingest.lexical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetsTest {
  private static String snippet(String text, String query) {
    return Snippets.snippet(text, LexicalQuery.parse(query), "«", "»");
  }

  @Test
  void aWordInsideAChineseRunIsMarkedExactly() {
    assertThat(snippet("with torch.no_grad():  # 计算梯度", "梯度"))
        .isEqualTo("with torch.no_grad():  # 计算«梯度»");
  }

  @Test
  void latinWordsAreMarkedCaseAndAccentInsensitivelyAtWordBoundaries() {
    assertThat(snippet("Café FAISS faissy 编FAISS", "faiss cafe"))
        .isEqualTo("«Café» «FAISS» faissy 编«FAISS»");
  }

  @Test
  void aLongTextIsCutAroundTheMatchesAtGraphemeBoundaries() {
    String family = "👨\u200D👩\u200D👧";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      sb.append(family);
    }
    sb.append(" 梯度 ");
    for (int i = 0; i < 60; i++) {
      sb.append(family);
    }
    String s = snippet(sb.toString(), "梯度");
    assertThat(s).startsWith("…").endsWith("…").contains("«梯度»");
    String inner = s.substring(1, s.length() - 1);
    // only whole family sequences: 8 chars each
    String[] parts = inner.split(" ");
    assertThat(parts[0].replace(family, "")).isEmpty();
    assertThat(parts[2].replace(family, "")).isEmpty();
  }

  @Test
  void aMatchAcrossAWordJoinerIsMarkedAroundBothCharacters() {
    assertThat(snippet("计算梯\u2060度", "梯度")).isEqualTo("计算«梯\u2060度»");
  }

  @Test
  void noMatchGivesTheStartOfTheText() {
    assertThat(snippet("abc", "梯度")).isEqualTo("abc");
    assertThat(snippet("", "梯度")).isEmpty();
  }
}
