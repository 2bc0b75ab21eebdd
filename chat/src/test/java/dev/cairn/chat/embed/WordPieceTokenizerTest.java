package dev.cairn.chat.embed;

import static org.assertj.core.api.Assertions.assertThat;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.PoolingType;
import dev.cairn.chat.testing.SciFact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cairn's Java WordPiece tokenizer gives the ids llama.cpp's BERT tokenizer gives. */
class WordPieceTokenizerTest {

  @Test
  void producesTheSameIdsAsLlamaCppOnSciFactAndTrickyText() throws Exception {
    ModelFiles files = ModelFiles.locate(BundledModel.ALL_MINILM_L6_V2);
    WordPieceTokenizer tok = WordPieceTokenizer.load(files.tokenizer());
    List<String> texts = new ArrayList<>(SciFact.firstDocuments(200));
    texts.addAll(
        List.of(
            "Hello, world!",
            "unaffable",
            "Don't stop-believing... (really) [sic] 3.14%",
            "naïve café résumé",
            "Tabs\tand\nnewlines  and   spaces",
            "IL-6 and TNF-α levels in COVID-19 patients",
            "email: someone@example.com, url https://x.org/a?b=c"));
    int same = 0;
    List<String> diffs = new ArrayList<>();
    try (LlamaModel llama =
        new LlamaModel(
            new ModelParameters()
                .setModel(files.gguf().toString())
                .enableEmbedding()
                .setPoolingType(PoolingType.MEAN)
                .setCtxSize(512))) {
      for (String t : texts) {
        int[] ours = tok.encode(t, 100_000).ids();
        int[] theirs = llama.encode(t);
        int[] theirsNoSpecial =
            theirs.length > 0 && theirs[0] == 101 ? theirs : withSpecials(theirs);
        if (Arrays.equals(ours, theirsNoSpecial)) {
          same++;
        } else {
          diffs.add(t.substring(0, Math.min(60, t.length())));
        }
      }
    }
    System.out.println(
        "tokenizer agreement: " + same + "/" + texts.size() + " differing: " + diffs);
    assertThat(diffs).isEmpty();
    assertThat(same).isEqualTo(texts.size());
  }

  private static int[] withSpecials(int[] ids) {
    int[] out = new int[ids.length + 2];
    out[0] = 101;
    System.arraycopy(ids, 0, out, 1, ids.length);
    out[out.length - 1] = 102;
    return out;
  }

  @Test
  void truncationKeepsWholeWordsAndReportsTheFullLength() throws Exception {
    WordPieceTokenizer tok =
        WordPieceTokenizer.load(ModelFiles.locate(BundledModel.ALL_MINILM_L6_V2).tokenizer());
    String text = "unaffable ".repeat(10).strip(); // 3 pieces per word
    WordPieceTokenizer.Encoding e = tok.encode(text, 12);
    assertThat(e.truncated()).isTrue();
    assertThat(e.fullLength()).isEqualTo(32);
    assertThat(e.ids()).hasSize(11); // [CLS] + 3 words x 3 pieces + [SEP]
    assertThat(e.keptText()).isEqualTo("unaffable unaffable unaffable");
    assertThat(tok.encode(e.keptText(), 12).ids()).isEqualTo(e.ids());
  }
}
