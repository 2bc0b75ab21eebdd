package dev.cairn.chat.convert;

import dev.cairn.chat.convert.BertOnnxToGguf.GgufPooling;
import dev.cairn.chat.convert.GgufWriter.TensorType;
import dev.cairn.chat.embed.BundledModel;
import dev.cairn.chat.embed.ModelFiles;
import dev.cairn.chat.embed.Pooling;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * Build step (run by exec-maven-plugin in {@code process-classes}): for every {@link BundledModel},
 * reads the ONNX model unpacked from the langchain4j Maven artifact, writes its weights as ONNX
 * Runtime's fused graph ({@link FusedBertOnnx}, the {@code model.onnx} Cairn runs) and as an f16
 * GGUF for llama.cpp ({@link BertOnnxToGguf}), copies the tokenizer, then writes {@code
 * model.properties} (identity from the source file's SHA-256, sizes, SHA-256 of each file). Models
 * shipped in the jar go under {@code <classes>/dev/cairn/chat/models/<name>/}, the others under
 * {@code <models-dir>/<name>/}. Skips a model whose outputs are up to date with its source.
 *
 * <p>Usage: {@code BuildBundledModels <unpacked-artifacts-dir> <classes-dir> <models-dir>}
 */
public final class BuildBundledModels {

  /** Bump when the converter's output changes, to force a rebuild. */
  static final String CONVERTER_VERSION = "3";

  private BuildBundledModels() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println(
          "usage: BuildBundledModels <unpacked-artifacts-dir> <classes-dir> <models-dir>");
      System.exit(2);
    }
    Path src = Path.of(args[0]);
    Path classes = Path.of(args[1]);
    Path models = Path.of(args[2]);
    for (BundledModel m : BundledModel.values()) {
      Path out = m.inJar() ? classes.resolve(m.resourceDir()) : models.resolve(m.dirName());
      build(m, src.resolve(m.dirName()), out);
      if (m.inJar()) {
        // Also mirror the jar model into the models folder so cairn.models.dir holds every model.
        mirror(out, models.resolve(m.dirName()));
      }
    }
  }

  static void build(BundledModel m, Path srcDir, Path out) throws IOException, ConversionException {
    Path onnx = srcDir.resolve(m.dirName() + ".onnx");
    Path tok = srcDir.resolve(m.dirName() + "-tokenizer.json");
    if (!Files.isRegularFile(onnx) || !Files.isRegularFile(tok)) {
      throw new ConversionException(
          "source files of " + m.displayName() + " missing: " + onnx + " / " + tok);
    }
    String onnxSha = Sha256.of(onnx);
    Path propsFile = out.resolve(ModelFiles.PROPERTIES);
    if (Files.isRegularFile(propsFile)) {
      Properties old = new Properties();
      try (var r = Files.newBufferedReader(propsFile)) {
        old.load(r);
      }
      if (onnxSha.equals(old.getProperty("source.sha256"))
          && CONVERTER_VERSION.equals(old.getProperty("converter.version"))
          && Files.isRegularFile(out.resolve(ModelFiles.GGUF))
          && Files.isRegularFile(out.resolve(ModelFiles.ONNX))) {
        System.out.println("[cairn] " + m.displayName() + " is up to date in " + out);
        return;
      }
    }
    Files.createDirectories(out);
    String id = m.dirName() + "-" + onnxSha.substring(0, 8);
    long t0 = System.nanoTime();
    BertWeights weights = BertWeights.read(OnnxModel.read(onnx));
    FusedBertOnnx.write(weights, out.resolve(ModelFiles.ONNX));
    Files.copy(tok, out.resolve(ModelFiles.TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
    BertOnnxToGguf.BertShape shape =
        BertOnnxToGguf.convert(
            weights,
            tok,
            out.resolve(ModelFiles.GGUF),
            m.pooling() == Pooling.CLS ? GgufPooling.CLS : GgufPooling.MEAN,
            TensorType.F16,
            m.displayName(),
            Map.of("cairn.model_id", id, "cairn.source_sha256", onnxSha));
    Properties p = new Properties();
    p.setProperty("id", id);
    p.setProperty("displayName", m.displayName());
    p.setProperty("dimensions", Integer.toString(shape.hidden()));
    p.setProperty("maxTokens", Integer.toString(m.maxTokens()));
    p.setProperty("pooling", m.pooling().name());
    p.setProperty("layers", Integer.toString(shape.layers()));
    p.setProperty("heads", Integer.toString(shape.heads()));
    p.setProperty("layerNormEps", Float.toString(shape.layerNormEps()));
    p.setProperty("converter.version", CONVERTER_VERSION);
    p.setProperty("source.sha256", onnxSha);
    for (var e :
        Map.of(
                "onnx", ModelFiles.ONNX,
                "tokenizer", ModelFiles.TOKENIZER,
                "gguf", ModelFiles.GGUF)
            .entrySet()) {
      Path f = out.resolve(e.getValue());
      p.setProperty(e.getKey() + ".sha256", Sha256.of(f));
      p.setProperty(e.getKey() + ".size", Long.toString(Files.size(f)));
    }
    AtomicFile.write(
        propsFile,
        os ->
            p.store(
                new OutputStreamWriter(os, StandardCharsets.UTF_8),
                "Cairn bundled model " + m.displayName() + ", written by BuildBundledModels"));
    System.out.printf(
        "[cairn] converted %s (%s) to fused ONNX and GGUF in %.1f s: %s%n",
        m.displayName(), shape, (System.nanoTime() - t0) / 1e9, out);
  }

  private static void mirror(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String f :
        new String[] {
          ModelFiles.ONNX, ModelFiles.TOKENIZER, ModelFiles.GGUF, ModelFiles.PROPERTIES
        }) {
      Path s = from.resolve(f);
      Path d = to.resolve(f);
      if (!Files.exists(d)
          || Files.size(d) != Files.size(s)
          || Files.getLastModifiedTime(d).compareTo(Files.getLastModifiedTime(s)) < 0) {
        try {
          Files.deleteIfExists(d);
          Files.createLink(d, s);
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(s, d, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
