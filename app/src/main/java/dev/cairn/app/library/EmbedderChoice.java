package dev.cairn.app.library;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which embedding model computes a collection's vectors, and on which runtime: ONNX Runtime (the
 * default, fastest on CPU), llama.cpp on a GGUF file, or a model served by Ollama. Chosen when a
 * collection is created and changed by a re-embed; {@code collection.json} and the command line
 * keep the text form ({@link #spec()}), which {@link #parse} reads at that edge. Immutable.
 *
 * <p>Text forms:
 *
 * <ul>
 *   <li>{@code onnx}: the bundled all-MiniLM-L6-v2 on ONNX Runtime (the default);
 *   <li>{@code onnx:DIR}: a model folder ({@code model.onnx}, {@code tokenizer.json}, {@code
 *       model.properties}) on ONNX Runtime, e.g. a downloaded multilingual model;
 *   <li>{@code gguf}: the bundled all-MiniLM-L6-v2 converted to GGUF, on llama.cpp;
 *   <li>{@code gguf:PATH}: a GGUF file (or a model folder holding {@code model.f16.gguf}) on
 *       llama.cpp, with the model's {@code tokenizer.json} beside it;
 *   <li>{@code ollama:MODEL} or {@code ollama:MODEL@http://HOST:PORT}: a model Ollama serves (on
 *       the settings' host when no URL is given).
 * </ul>
 */
public sealed interface EmbedderChoice {

  /** The bundled all-MiniLM-L6-v2 on ONNX Runtime. */
  EmbedderChoice DEFAULT = new Onnx(null);

  /** The text form, as {@code collection.json} stores it; {@link #parse} reads it back. */
  String spec();

  /** The runtime's name as users see it: {@code onnxruntime}, {@code llama.cpp}, {@code ollama}. */
  String runtimeName();

  /**
   * The identity an index built with this choice records for a model whose own id is {@code
   * modelId}: the model id itself on ONNX Runtime (the reference runtime, so indexes written before
   * runtimes could be chosen open unchanged), {@code modelId@llama.cpp} on llama.cpp, and Ollama's
   * {@code ollama:NAME} id as it is (it names its runtime already).
   */
  default String identity(String modelId) {
    return modelId;
  }

  /**
   * ONNX Runtime on the bundled model or a model folder.
   *
   * @param modelDir the model folder, absolute and normalised; {@code null} for the bundled model
   */
  record Onnx(Path modelDir) implements EmbedderChoice {
    public Onnx {
      modelDir = modelDir == null ? null : modelDir.toAbsolutePath().normalize();
    }

    @Override
    public String spec() {
      return modelDir == null ? "onnx" : "onnx:" + modelDir;
    }

    @Override
    public String runtimeName() {
      return "onnxruntime";
    }
  }

  /**
   * llama.cpp on the bundled model's GGUF or a GGUF file.
   *
   * @param file the GGUF file (or its model folder), absolute and normalised; {@code null} for the
   *     bundled model
   */
  record Gguf(Path file) implements EmbedderChoice {
    public Gguf {
      file = file == null ? null : file.toAbsolutePath().normalize();
    }

    @Override
    public String spec() {
      return file == null ? "gguf" : "gguf:" + file;
    }

    @Override
    public String runtimeName() {
      return "llama.cpp";
    }

    @Override
    public String identity(String modelId) {
      return modelId + "@llama.cpp";
    }
  }

  /**
   * An embedding model served by Ollama.
   *
   * @param model the Ollama model name, e.g. {@code nomic-embed-text}
   * @param host the server, e.g. {@code http://127.0.0.1:11434}; {@code null} for the settings'
   */
  record Ollama(String model, URI host) implements EmbedderChoice {
    public Ollama {
      Objects.requireNonNull(model, "model");
      model = model.strip();
      if (model.isEmpty()) {
        throw new IllegalArgumentException("the Ollama model name is blank");
      }
      if (host != null && !"http".equals(host.getScheme()) && !"https".equals(host.getScheme())) {
        throw new IllegalArgumentException("the Ollama URL must be http(s)://..., got " + host);
      }
    }

    @Override
    public String spec() {
      return "ollama:" + model + (host == null ? "" : "@" + host);
    }

    @Override
    public String runtimeName() {
      return "ollama";
    }
  }

  /**
   * Reads an embedder choice ({@code null} or blank: the default). A relative {@code onnx:NAME} or
   * {@code gguf:NAME} that is not an existing path is looked up among the downloaded embedding
   * models ({@code modelsDir/embeddings/NAME}).
   *
   * @param modelsDir Cairn's {@code models/} folder
   * @throws LibraryException INVALID_REQUEST naming the value and the accepted forms
   */
  static EmbedderChoice parse(String spec, Path modelsDir) throws LibraryException {
    String s = spec == null ? "" : spec.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    try {
      if (s.isEmpty() || lower.equals("onnx") || lower.equals("ort")) {
        return DEFAULT;
      }
      if (lower.equals("gguf") || lower.equals("llama.cpp")) {
        return new Gguf(null);
      }
      if (lower.startsWith("onnx:")) {
        return new Onnx(path(s.substring("onnx:".length()), modelsDir, spec));
      }
      if (lower.startsWith("gguf:")) {
        return new Gguf(path(s.substring("gguf:".length()), modelsDir, spec));
      }
      if (lower.startsWith("ollama:")) {
        String rest = s.substring("ollama:".length()).strip();
        int at = rest.lastIndexOf('@');
        URI host = null;
        if (at >= 0) {
          host = URI.create(rest.substring(at + 1).strip());
          rest = rest.substring(0, at);
        }
        if (rest.isBlank()) {
          throw invalid(spec);
        }
        return new Ollama(rest, host);
      }
    } catch (IllegalArgumentException e) {
      throw new LibraryException(
          LibraryException.Kind.INVALID_REQUEST,
          "invalid embedder '" + spec + "': " + e.getMessage(),
          e);
    }
    throw invalid(spec);
  }

  private static Path path(String value, Path modelsDir, String spec) throws LibraryException {
    String v = value.strip();
    if (v.isEmpty()) {
      throw invalid(spec);
    }
    Path p = Path.of(v);
    if (!p.isAbsolute() && !Files.exists(p) && modelsDir != null) {
      Path downloaded = modelsDir.resolve("embeddings").resolve(v);
      if (Files.exists(downloaded)) {
        return downloaded;
      }
    }
    return p;
  }

  private static LibraryException invalid(String spec) {
    return new LibraryException(
        LibraryException.Kind.INVALID_REQUEST,
        "unknown embedder '"
            + spec
            + "': use onnx, onnx:MODEL_FOLDER, gguf, gguf:/path/model.gguf,"
            + " ollama:MODEL or ollama:MODEL@http://HOST:PORT");
  }
}
