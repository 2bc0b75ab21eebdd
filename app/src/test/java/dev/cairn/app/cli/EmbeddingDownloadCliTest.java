package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.embed.TextPrefixes;
import dev.cairn.chat.testing.RangeFileServer;
import dev.cairn.chat.testing.TinyMultilingualModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn models --download-embedding multilingual-e5-small}: refused with the way out while
 * this build pins no hashes, downloaded and checked against the hashes the user gives (from a local
 * server standing in for Hugging Face, a model the test generates), with the e5 prefixes written
 * into the folder.
 */
class EmbeddingDownloadCliTest {

  @TempDir Path tmp;

  @Test
  void withoutPinnedOrGivenHashesNothingIsDownloadedAndTheMessageSaysHowToGiveThem() {
    Cli.Result r =
        Cli.run(
            "--home",
            tmp.resolve("home").toString(),
            "models",
            "--download-embedding",
            "multilingual-e5-small");
    assertThat(r.code()).isEqualTo(CairnCli.EXIT_FAILURE);
    assertThat(r.err())
        .contains(
            "does not pin the SHA-256 of model.onnx and tokenizer.json of multilingual-e5-small")
        .contains("https://huggingface.co/intfloat/multilingual-e5-small")
        .contains("--sha256 model.onnx=<64 hex digits> --sha256 tokenizer.json=<64 hex digits>");
    assertThat(tmp.resolve("home/models/embeddings/multilingual-e5-small")).doesNotExist();
  }

  @Test
  void givenHashesTheModelIsDownloadedCheckedAndGetsTheE5Prefixes() throws Exception {
    Path src = TinyMultilingualModel.write(tmp.resolve("src"), 11);
    try (RangeFileServer onnx = RangeFileServer.serve(src.resolve("model.onnx"));
        RangeFileServer tok = RangeFileServer.serve(src.resolve("tokenizer.json"))) {
      Cli.Result r =
          Cli.run(
              "--home",
              tmp.resolve("home").toString(),
              "models",
              "--download-embedding",
              "multilingual-e5-small",
              "--sha256",
              "model.onnx=" + onnx.sha256().toUpperCase(java.util.Locale.ROOT),
              "--sha256",
              "tokenizer.json=" + tok.sha256(),
              "--file-url",
              "model.onnx=" + onnx.url(),
              "--file-url",
              "tokenizer.json=" + tok.url());
      assertThat(r.code()).as(r.err()).isZero();
      Path folder = tmp.resolve("home/models/embeddings/multilingual-e5-small");
      assertThat(r.out())
          .contains("Downloaded multilingual-e5-small into " + folder)
          .contains("--embedder onnx:multilingual-e5-small");
      assertThat(folder.resolve("model.onnx")).hasSameBinaryContentAs(src.resolve("model.onnx"));
      assertThat(TextPrefixes.ofFolder(folder)).isEqualTo(new TextPrefixes("query: ", "passage: "));
      assertThat(Files.readString(folder.resolve("model.properties")))
          .contains("id=multilingual-e5-small-" + onnx.sha256().substring(0, 8));
    }
  }

  @Test
  void aGivenHashTheFileDoesNotHaveFailsTheDownloadWithBothHashes() throws Exception {
    try (RangeFileServer onnx = RangeFileServer.serve("model.onnx", new byte[2048]);
        RangeFileServer tok = RangeFileServer.serve("tokenizer.json", "{}".getBytes())) {
      Cli.Result r =
          Cli.run(
              "--home",
              tmp.resolve("home").toString(),
              "models",
              "--download-embedding",
              "multilingual-e5-small",
              "--sha256",
              "model.onnx=" + "a".repeat(64),
              "--sha256",
              "tokenizer.json=" + tok.sha256(),
              "--file-url",
              "model.onnx=" + onnx.url(),
              "--file-url",
              "tokenizer.json=" + tok.url());
      // A checksum mismatch is a damaged file (exit status 6), as for the chat model download.
      assertThat(r.code()).isEqualTo(CairnCli.EXIT_DAMAGED);
      assertThat(r.err()).contains("a".repeat(64)).contains(onnx.sha256());
      assertThat(tmp.resolve("home/models/embeddings/multilingual-e5-small/model.properties"))
          .doesNotExist();
    }
  }

  @Test
  void anUnknownNameOrFileIsRefusedNamingWhatThereIs() {
    Cli.Result unknown =
        Cli.run("--home", tmp.toString(), "models", "--download-embedding", "e5-huge");
    assertThat(unknown.code()).isEqualTo(CairnCli.EXIT_FAILURE);
    assertThat(unknown.err())
        .contains("no embedding model 'e5-huge'")
        .contains("multilingual-e5-small");
    Cli.Result badFile =
        Cli.run(
            "--home",
            tmp.toString(),
            "models",
            "--download-embedding",
            "multilingual-e5-small",
            "--sha256",
            "weights.bin=" + "0".repeat(64));
    assertThat(badFile.err())
        .contains("has no file 'weights.bin' (its files: model.onnx, tokenizer.json)");
  }
}
