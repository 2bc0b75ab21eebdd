package dev.cairn.app.library;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed chat model spec: {@code gguf:/path/model.gguf}, a path ending in {@code .gguf}, a file
 * name in Cairn's {@code models/} folder, or {@code ollama:NAME}.
 *
 * @param kind where the model runs
 * @param gguf the GGUF file (GGUF only)
 * @param ollamaModel the Ollama model name (OLLAMA only)
 */
record ModelSpec(Kind kind, Path gguf, String ollamaModel) {
  enum Kind {
    GGUF,
    OLLAMA
  }

  ModelSpec {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * Parses a spec.
   *
   * @param modelsDir Cairn's {@code models/} folder, searched for bare file names
   * @throws LibraryException INVALID_REQUEST for a malformed spec
   */
  static ModelSpec parse(String spec, Path modelsDir) throws LibraryException {
    String s = spec == null ? "" : spec.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ollama:")) {
      String name = s.substring("ollama:".length()).strip();
      if (name.isEmpty()) {
        throw invalid(spec);
      }
      return new ModelSpec(Kind.OLLAMA, null, name);
    }
    if (lower.startsWith("gguf:")) {
      String path = s.substring("gguf:".length()).strip();
      if (path.isEmpty()) {
        throw invalid(spec);
      }
      return new ModelSpec(Kind.GGUF, Path.of(path).toAbsolutePath().normalize(), null);
    }
    if (lower.endsWith(".gguf")) {
      Path p = Path.of(s);
      if (!p.isAbsolute() && !Files.exists(p) && Files.exists(modelsDir.resolve(s))) {
        p = modelsDir.resolve(s);
      }
      return new ModelSpec(Kind.GGUF, p.toAbsolutePath().normalize(), null);
    }
    if (!s.isEmpty() && Files.isRegularFile(modelsDir.resolve(s + ".gguf"))) {
      return new ModelSpec(Kind.GGUF, modelsDir.resolve(s + ".gguf"), null);
    }
    throw invalid(spec);
  }

  private static LibraryException invalid(String spec) {
    return new LibraryException(
        LibraryException.Kind.INVALID_REQUEST,
        "unknown chat model '"
            + spec
            + "': use a .gguf path, gguf:/path/model.gguf, ollama:NAME, or none");
  }

  /** The canonical spec text. */
  String canonical() {
    return kind == Kind.OLLAMA ? "ollama:" + ollamaModel : "gguf:" + gguf;
  }
}
