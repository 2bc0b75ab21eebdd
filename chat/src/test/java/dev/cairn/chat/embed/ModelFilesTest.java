package dev.cairn.chat.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.convert.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled model is found in the jar and extracted, verified, into the cache folder. */
class ModelFilesTest {

  @TempDir Path cache;

  @Test
  void extractsTheJarCopyOnceVerifiedAndTheGgufOnlyWhenAsked() throws Exception {
    String oldDir = System.getProperty(ModelFiles.MODELS_DIR_PROPERTY);
    String oldCache = System.getProperty(ModelFiles.CACHE_DIR_PROPERTY);
    System.clearProperty(ModelFiles.MODELS_DIR_PROPERTY);
    System.setProperty(ModelFiles.CACHE_DIR_PROPERTY, cache.toString());
    try {
      ModelFiles f = ModelFiles.locate(BundledModel.ALL_MINILM_L6_V2);
      assertThat(f.dir()).isEqualTo(cache.resolve(f.modelId()));
      assertThat(f.extractedFromJar()).isTrue();
      Properties p = new Properties();
      try (var r = Files.newBufferedReader(f.dir().resolve(ModelFiles.PROPERTIES))) {
        p.load(r);
      }
      assertThat(Sha256.of(f.onnx())).isEqualTo(p.getProperty("onnx.sha256"));
      assertThat(Files.exists(f.gguf())).isFalse();
      Path gguf = f.requireGguf();
      assertThat(Sha256.of(gguf)).isEqualTo(p.getProperty("gguf.sha256"));

      // A damaged cached file (wrong size) is extracted again.
      Files.write(f.onnx(), new byte[] {1, 2, 3});
      ModelFiles again = ModelFiles.locate(BundledModel.ALL_MINILM_L6_V2);
      assertThat(Files.size(again.onnx())).isEqualTo(Long.parseLong(p.getProperty("onnx.size")));
    } finally {
      restore(ModelFiles.MODELS_DIR_PROPERTY, oldDir);
      restore(ModelFiles.CACHE_DIR_PROPERTY, oldCache);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
