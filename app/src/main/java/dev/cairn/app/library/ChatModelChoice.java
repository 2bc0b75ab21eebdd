package dev.cairn.app.library;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which chat model writes answers: none (answers quote the best passages), a GGUF file run by
 * llama.cpp, or a model served by Ollama. The settings file, {@link AnswerRequest#modelSpec()} and
 * the command line keep the text form ({@link #spec()}: {@code none}, {@code
 * gguf:/path/model.gguf}, {@code ollama:NAME}); {@link #parse} reads it at that edge and everything
 * inside works with this type. Immutable.
 */
public sealed interface ChatModelChoice {

  /** No chat model: extractive answers. */
  ChatModelChoice NONE = new None();

  /** The text form, as the settings file stores it; {@link #parse} reads it back. */
  String spec();

  /** No chat model: answers quote the best passages. */
  record None() implements ChatModelChoice {
    @Override
    public String spec() {
      return "none";
    }
  }

  /**
   * A GGUF file run by llama.cpp.
   *
   * @param file the model file, absolute and normalised
   */
  record Gguf(Path file) implements ChatModelChoice {
    public Gguf {
      file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    }

    @Override
    public String spec() {
      return "gguf:" + file;
    }
  }

  /**
   * A model served by Ollama (on the host the service was opened with).
   *
   * @param model the Ollama model name, e.g. {@code llama3.2}
   */
  record Ollama(String model) implements ChatModelChoice {
    public Ollama {
      Objects.requireNonNull(model, "model");
      model = model.strip();
      if (model.isEmpty()) {
        throw new IllegalArgumentException("the Ollama model name is blank");
      }
    }

    @Override
    public String spec() {
      return "ollama:" + model;
    }
  }

  /**
   * Reads a chat model spec: {@code null}, blank, {@code none} or {@code extractive}; {@code
   * ollama:NAME}; {@code gguf:/path/model.gguf}; a path ending in {@code .gguf} (relative ones also
   * looked up in {@code modelsDir}); or the name of a {@code .gguf} file in {@code modelsDir}.
   *
   * @param modelsDir Cairn's {@code models/} folder, searched for bare file names
   * @throws LibraryException INVALID_REQUEST naming the value and the accepted forms
   */
  static ChatModelChoice parse(String spec, Path modelsDir) throws LibraryException {
    String s = spec == null ? "" : spec.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (s.isEmpty() || lower.equals("none") || lower.equals("extractive")) {
      return NONE;
    }
    try {
      return parseModel(s, lower, modelsDir);
    } catch (java.nio.file.InvalidPathException e) {
      throw invalid(spec);
    }
  }

  private static ChatModelChoice parseModel(String s, String lower, Path modelsDir)
      throws LibraryException {
    String spec = s;
    if (lower.startsWith("ollama:")) {
      String name = s.substring("ollama:".length()).strip();
      if (name.isEmpty()) {
        throw invalid(spec);
      }
      return new Ollama(name);
    }
    if (lower.startsWith("gguf:")) {
      String path = s.substring("gguf:".length()).strip();
      if (path.isEmpty()) {
        throw invalid(spec);
      }
      return new Gguf(Path.of(path));
    }
    if (lower.endsWith(".gguf")) {
      Path p = Path.of(s);
      if (!p.isAbsolute() && !Files.exists(p) && Files.exists(modelsDir.resolve(s))) {
        p = modelsDir.resolve(s);
      }
      return new Gguf(p);
    }
    if (Files.isRegularFile(modelsDir.resolve(s + ".gguf"))) {
      return new Gguf(modelsDir.resolve(s + ".gguf"));
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
}
