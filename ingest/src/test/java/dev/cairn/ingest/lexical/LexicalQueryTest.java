package dev.cairn.ingest.lexical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LexicalQueryTest {
  @Test
  void aMixedQuerySplitsIntoWordsAndNoSpaceRuns() {
    LexicalQuery q = LexicalQuery.parse("FAISS 梯度, BERTEmbedding包");
    assertThat(q.words()).containsExactly("faiss", "bertembedding");
    assertThat(q.noSpaceRuns()).containsExactly("梯度", "包");
    assertThat(q.wordsMatch()).isEqualTo("\"faiss\" OR \"bertembedding\"");
    assertThat(q.segmentsMatch()).isEqualTo("\"faiss\" OR \"bertembedding\" OR \"梯度\" OR \"包\"*");
  }

  @Test
  void aLongerRunIsThePhraseOfItsBigrams() {
    assertThat(LexicalQuery.parse("计算梯度").segmentsMatch()).isEqualTo("\"计算 算梯 梯度\"");
  }

  @Test
  void ftsSyntaxAndQuotesNeverReachSqliteUnquoted() {
    LexicalQuery q = LexicalQuery.parse("NEAR(a b) OR \"x\" * 梯\"度 -:^");
    assertThat(q.words()).containsExactly("near", "a", "b", "or", "x");
    assertThat(q.noSpaceRuns()).containsExactly("梯", "度");
    assertThat(q.segmentsMatch()).doesNotContain("NEAR(");
  }

  @Test
  void aQueryWithoutWordsIsEmpty() {
    assertThat(LexicalQuery.parse("  ,.!? 👍 ").isEmpty()).isTrue();
    assertThat(LexicalQuery.parse(null).isEmpty()).isTrue();
    assertThat(LexicalQuery.parse("").wordsMatch()).isNull();
  }

  @Test
  void atMostSixtyFourTermsAreKept() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      sb.append("w").append(i).append(' ');
    }
    assertThat(LexicalQuery.parse(sb.toString()).words()).hasSize(LexicalQuery.MAX_TERMS);
  }
}
