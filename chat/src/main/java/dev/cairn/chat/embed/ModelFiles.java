package dev.cairn.chat.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a {@link BundledModel} on disk, with the identity recorded at build time.
 *
 * <p>Where they are found, first match wins: the folder named by the system property {@code
 * cairn.models.dir} (a sub-folder per model, e.g. {@code all-minilm-l6-v2/}); then the classpath
 * (resources of the cairn-chat jar), extracted once into a cache folder (system property {@code
 * cairn.models.cache}, default {@code ~/.cache/cairn/models}) and verified by size and SHA-256.
 *
 * @param model which model
 * @param dir folder holding the files
 * @param modelId the identity shared by all runtimes (name plus 8 hex digits of the ONNX SHA-256)
 * @param dimensions vector length
 * @param extractedFromJar whether {@code dir} is the cache folder the jar's files are extracted
 *     into (then a missing GGUF is extracted on demand)
 * @param displayName the model's name for people
 * @param pooling how token vectors are pooled
 * @param maxTokens pieces per text including the special tokens
 * @param ggufFile the GGUF file when it is not {@code dir/model.f16.gguf}; {@code null} otherwise
 * @param hfTokenizer whether {@code tokenizer.json} is read by Hugging Face tokenizers ({@link
 *     HfTokenizer}) rather than Cairn's WordPiece (model folders that are not bundled)
 */
public record ModelFiles(
    BundledModel model,
    Path dir,
    String modelId,
    int dimensions,
    boolean extractedFromJar,
    String displayName,
    Pooling pooling,
    int maxTokens,
    Path ggufFile,
    boolean hfTokenizer) {

  /** The files of a bundled model. */
  public ModelFiles(
      BundledModel model, Path dir, String modelId, int dimensions, boolean extractedFromJar) {
    this(
        model,
        dir,
        modelId,
        dimensions,
        extractedFromJar,
        model.displayName(),
        model.pooling(),
        model.maxTokens(),
        null,
        false);
  }

  /** Properties keys of a model folder. */
  static final String KEY_TOKENIZER = "tokenizer";

  private static final Logger LOG = LoggerFactory.getLogger(ModelFiles.class);
  public static final String MODELS_DIR_PROPERTY = "cairn.models.dir";
  public static final String CACHE_DIR_PROPERTY = "cairn.models.cache";
  public static final String ONNX = "model.onnx";
  public static final String GGUF = "model.f16.gguf";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String PROPERTIES = "model.properties";

  public Path onnx() {
    return dir.resolve(ONNX);
  }

  public Path gguf() {
    return ggufFile != null ? ggufFile : dir.resolve(GGUF);
  }

  public Path tokenizer() {
    return dir.resolve(TOKENIZER);
  }

  /**
   * The GGUF file, extracted from the jar first when this model came from the classpath and the
   * file is not in the cache yet.
   *
   * @throws ModelFileException when it cannot be found or fails verification
   */
  public Path requireGguf() throws ModelFileException {
    Path g = gguf();
    if (Files.isRegularFile(g)) {
      return g;
    }
    String res = model == null ? null : model.resourceDir() + GGUF;
    if (!extractedFromJar || ModelFiles.class.getClassLoader().getResource(res) == null) {
      throw new ModelFileException(
          g,
          "the GGUF form of "
              + displayName
              + " is not here ("
              + g
              + "): installers ship only its ONNX form — embed with ONNX Runtime (onnx), or give"
              + " a GGUF file (gguf:/path/model.gguf)");
    }
    Properties p = readProperties(dir.resolve(PROPERTIES));
    synchronized (ModelFiles.class) {
      try {
        extractOne(
            res, g, p.getProperty("gguf.sha256"), Long.parseLong(p.getProperty("gguf.size", "-1")));
      } catch (IOException e) {
        throw new ModelFileException(g, "cannot extract " + res + " to " + g + ": " + e, e);
      }
    }
    return g;
  }

  /**
   * Finds (and if needed extracts) the files of a bundled model.
   *
   * @throws ModelFileException when the model is nowhere to be found or a file fails verification
   */
  public static ModelFiles locate(BundledModel model) throws ModelFileException {
    String dirProp = System.getProperty(MODELS_DIR_PROPERTY);
    if (dirProp != null && !dirProp.isBlank()) {
      Path dir = Path.of(dirProp).resolve(model.dirName());
      if (Files.isRegularFile(dir.resolve(PROPERTIES))) {
        return fromDir(model, dir);
      }
    }
    String res = model.resourceDir() + PROPERTIES;
    if (ModelFiles.class.getClassLoader().getResource(res) != null) {
      return extract(model);
    }
    throw new ModelFileException(
        dirProp == null ? null : Path.of(dirProp).resolve(model.dirName()).resolve(PROPERTIES),
        "bundled model "
            + model.displayName()
            + " not found: neither "
            + (dirProp == null
                ? "the system property " + MODELS_DIR_PROPERTY + " (unset)"
                : Path.of(dirProp).resolve(model.dirName()).resolve(PROPERTIES))
            + " nor the classpath resource "
            + res
            + " exists");
  }

  /** Reads a model folder produced by the build (or shipped by the installer). */
  public static ModelFiles fromDir(BundledModel model, Path dir) throws ModelFileException {
    Properties p = readProperties(dir.resolve(PROPERTIES));
    for (String f : new String[] {ONNX, TOKENIZER}) {
      Path file = dir.resolve(f);
      if (!Files.isRegularFile(file)) {
        throw new ModelFileException(file, "model file missing: " + file);
      }
    }
    return new ModelFiles(
        model, dir, p.getProperty("id"), Integer.parseInt(p.getProperty("dimensions", "0")), false);
  }

  /**
   * A model folder that is not bundled (a downloaded multilingual model, or one the user made):
   * {@code model.properties} names the model ({@code id}, {@code displayName}, {@code dimensions},
   * {@code maxTokens}, {@code pooling} MEAN or CLS, optional {@code tokenizer=wordpiece} to use
   * Cairn's own WordPiece); beside it {@code tokenizer.json} and {@code model.onnx} (ONNX Runtime)
   * and/or {@code model.f16.gguf} (llama.cpp). The tokenizer is read by Hugging Face tokenizers.
   *
   * @throws ModelFileException naming the file that is missing or wrong
   */
  public static ModelFiles folder(Path dir) throws ModelFileException {
    Path propsFile = dir.resolve(PROPERTIES);
    if (!Files.isRegularFile(propsFile)) {
      throw new ModelFileException(
          propsFile,
          "not a model folder: "
              + propsFile
              + " is missing (it names the model: id, displayName, dimensions, maxTokens,"
              + " pooling)");
    }
    Properties p = readProperties(propsFile);
    Path tok = dir.resolve(TOKENIZER);
    if (!Files.isRegularFile(tok)) {
      throw new ModelFileException(tok, "model file missing: " + tok);
    }
    Pooling pooling;
    int dims;
    int max;
    try {
      pooling = Pooling.valueOf(p.getProperty("pooling", "MEAN").strip());
      dims = Integer.parseInt(p.getProperty("dimensions").strip());
      max = Integer.parseInt(p.getProperty("maxTokens", "512").strip());
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(
          propsFile, "model properties " + propsFile + " are wrong: " + e.getMessage(), e);
    }
    if (pooling == Pooling.SERVER_DEFINED || dims <= 0 || max <= 2) {
      throw new ModelFileException(
          propsFile,
          "model properties "
              + propsFile
              + " are wrong: pooling="
              + pooling
              + " (MEAN or CLS), dimensions="
              + dims
              + " (> 0), maxTokens="
              + max
              + " (> 2)");
    }
    String name = p.getProperty("displayName", dir.getFileName().toString());
    boolean hf = !"wordpiece".equalsIgnoreCase(p.getProperty(KEY_TOKENIZER, "hf").strip());
    return new ModelFiles(
        null, dir, p.getProperty("id").strip(), dims, false, name, pooling, max, null, hf);
  }

  /**
   * A GGUF file on its own for llama.cpp: the {@code model.properties} of its folder when there is
   * one (Cairn's converter writes it), else identity and shape from the GGUF header ({@code
   * cairn.model_id} when Cairn converted it, else the file name and 8 hex digits of its SHA-256).
   * The model's {@code tokenizer.json} must lie beside it (Cairn truncates and counts with it).
   *
   * @throws ModelFileException naming the file that is missing or unreadable
   */
  public static ModelFiles ggufFile(Path gguf) throws ModelFileException {
    if (Files.isDirectory(gguf)) {
      gguf = gguf.resolve(GGUF);
    }
    if (!Files.isRegularFile(gguf)) {
      throw new ModelFileException(gguf, "GGUF file not found: " + gguf);
    }
    Path dir = gguf.toAbsolutePath().getParent();
    if (Files.isRegularFile(dir.resolve(PROPERTIES))) {
      ModelFiles f = folder(dir);
      return new ModelFiles(
          f.model(),
          dir,
          f.modelId(),
          f.dimensions(),
          false,
          f.displayName(),
          f.pooling(),
          f.maxTokens(),
          gguf,
          f.hfTokenizer());
    }
    Path tok = dir.resolve(TOKENIZER);
    if (!Files.isRegularFile(tok)) {
      throw new ModelFileException(
          tok,
          "the tokenizer of "
              + gguf
              + " is missing: put the model's tokenizer.json beside it ("
              + tok
              + ")");
    }
    dev.cairn.chat.convert.GgufInfo h;
    try {
      h = dev.cairn.chat.convert.GgufInfo.read(gguf);
    } catch (dev.cairn.chat.convert.ConversionException e) {
      throw new ModelFileException(gguf, e.getMessage(), e);
    }
    String arch = h.architecture();
    int dims = (int) h.longValue(arch + ".embedding_length", 0);
    int max = (int) Math.min(8192, h.longValue(arch + ".context_length", 512));
    Pooling pooling = h.longValue(arch + ".pooling_type", 1) == 2 ? Pooling.CLS : Pooling.MEAN;
    String id = h.stringValue("cairn.model_id");
    if (id == null || id.isBlank()) {
      String stem = gguf.getFileName().toString().replaceFirst("(?i)\\.gguf$", "");
      try {
        id = stem.toLowerCase(java.util.Locale.ROOT) + "-" + sha256(gguf).substring(0, 8);
      } catch (IOException e) {
        throw new ModelFileException(gguf, "cannot read " + gguf + ": " + e.getMessage(), e);
      }
    }
    if (dims <= 0) {
      throw new ModelFileException(
          gguf, "GGUF " + gguf + " has no " + arch + ".embedding_length: not an embedding model?");
    }
    String name = h.name() == null || h.name().isBlank() ? id : h.name();
    return new ModelFiles(null, dir, id, dims, false, name, pooling, max, gguf, true);
  }

  static Properties readProperties(Path file) throws ModelFileException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new ModelFileException(file, "cannot read " + file + ": " + e.getMessage(), e);
    }
    if (p.getProperty("id") == null || p.getProperty("dimensions") == null) {
      throw new ModelFileException(file, "model properties lack id/dimensions: " + file);
    }
    return p;
  }

  private static synchronized ModelFiles extract(BundledModel model) throws ModelFileException {
    String base = model.resourceDir();
    Properties p = new Properties();
    try (InputStream in = resource(base + PROPERTIES)) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ModelFileException(null, "cannot read resource " + base + PROPERTIES, e);
    }
    String id = p.getProperty("id");
    String cacheProp = System.getProperty(CACHE_DIR_PROPERTY);
    Path cache =
        cacheProp != null && !cacheProp.isBlank()
            ? Path.of(cacheProp)
            : Path.of(System.getProperty("user.home"), ".cache", "cairn", "models");
    Path dir = cache.resolve(id);
    try {
      Files.createDirectories(dir);
      // The GGUF is extracted only when llama.cpp needs it (see requireGguf()).
      for (String f : new String[] {ONNX, TOKENIZER}) {
        String shaKey =
            switch (f) {
              case ONNX -> "onnx";
              case TOKENIZER -> "tokenizer";
              default -> "gguf";
            };
        String sha = p.getProperty(shaKey + ".sha256");
        long size = Long.parseLong(p.getProperty(shaKey + ".size", "-1"));
        if (sha == null) {
          continue;
        }
        extractOne(base + f, dir.resolve(f), sha, size);
      }
      Path props = dir.resolve(PROPERTIES);
      if (!Files.exists(props)) {
        try (InputStream in = resource(base + PROPERTIES)) {
          copyAtomic(in, props);
        }
      }
    } catch (IOException e) {
      throw new ModelFileException(
          dir, "cannot extract bundled model " + id + " into " + dir + ": " + e.getMessage(), e);
    }
    return new ModelFiles(model, dir, id, Integer.parseInt(p.getProperty("dimensions")), true);
  }

  private static void extractOne(String resource, Path target, String sha, long size)
      throws IOException, ModelFileException {
    Path marker = target.resolveSibling(target.getFileName() + ".sha256");
    if (Files.isRegularFile(target)
        && Files.size(target) == size
        && Files.isRegularFile(marker)
        && Files.readString(marker).trim().equals(sha)) {
      return;
    }
    LOG.info("Extracting bundled model file {} to {}", resource, target);
    try (InputStream in = resource(resource)) {
      copyAtomic(in, target);
    }
    String actual = sha256(target);
    if (!actual.equals(sha) || Files.size(target) != size) {
      Files.deleteIfExists(target);
      throw new ModelFileException(
          target,
          "bundled model file "
              + resource
              + " failed verification: SHA-256 "
              + actual
              + ", expected "
              + sha);
    }
    Files.writeString(marker, sha);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("classpath resource missing: " + name);
    }
    return in;
  }

  private static void copyAtomic(InputStream in, Path target) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Hex SHA-256 of a file. */
  public static String sha256(Path file) throws IOException {
    return dev.cairn.chat.convert.Sha256.of(file);
  }
}
