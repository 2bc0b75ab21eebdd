package dev.cairn.app.library;

import java.util.List;
import java.util.function.Consumer;

/** Opens chat models by spec and keeps the last one open (loading a GGUF is slow). */
final class ChatModelCache implements AutoCloseable {
  private final DefaultLibraryService service;

  ChatModelCache(DefaultLibraryService service) {
    this.service = service;
  }

  /** An open chat model. */
  interface Opened {
    String description();

    Generation start(String question, List<Source> sources, Consumer<String> onToken)
        throws LibraryException;
  }

  /** A running generation. */
  interface Generation {
    void cancel();

    String await() throws LibraryException;
  }

  Opened open(String spec) throws LibraryException {
    ModelSpec parsed = ModelSpec.parse(spec, service.home().resolve("models"));
    throw new LibraryException(
        LibraryException.Kind.MODEL_UNAVAILABLE, "cannot open " + parsed.canonical() + " yet");
  }

  @Override
  public void close() {}
}
