package dev.cairn.app.library;

import dev.cairn.chat.generate.ChatException;
import dev.cairn.chat.generate.ChatModel;
import dev.cairn.chat.generate.ChatModels;
import dev.cairn.chat.generate.DeviceOptions;
import dev.cairn.chat.models.OllamaProbe;
import dev.cairn.chat.models.OllamaStatus;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the chosen chat model and keeps the most recent one open (loading a GGUF takes seconds).
 * Owned by the service's answer engine, closed with it; owns the models it returns. Thread-safe.
 */
final class ChatModelCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChatModelCache.class);
  static final Duration OLLAMA_PROBE_TIMEOUT = Duration.ofSeconds(3);
  static final Duration OLLAMA_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** Opens a chosen model (llama.cpp or Ollama; tests give a scripted one). */
  interface ModelFactory {
    ChatModel gguf(ChatModelChoice.Gguf choice) throws LibraryException;

    ChatModel ollama(ChatModelChoice.Ollama choice, URI host) throws LibraryException;
  }

  private final DefaultLibraryService service;

  /** How models are opened; tests replace it before the first answer. */
  volatile ModelFactory factory =
      new ModelFactory() {
        @Override
        public ChatModel gguf(ChatModelChoice.Gguf choice) throws LibraryException {
          return openGguf(choice);
        }

        @Override
        public ChatModel ollama(ChatModelChoice.Ollama choice, URI host) throws LibraryException {
          return openOllama(choice, host);
        }
      };

  private String cachedKey;
  private ChatModel cached;
  private boolean closed;

  ChatModelCache(DefaultLibraryService service) {
    this.service = service;
  }

  /**
   * Opens (or reuses) the chosen model. The model stays owned by this cache: callers never close
   * it, and it is closed when another model is opened or the cache closes.
   *
   * @throws LibraryException MODEL_UNAVAILABLE with the next step when the file is missing or
   *     broken, or Ollama is not running or lacks the model
   */
  ChatModel open(ChatModelChoice.Gguf choice) throws LibraryException {
    return open(choice.spec(), () -> factory.gguf(choice));
  }

  /** As {@link #open(ChatModelChoice.Gguf)}, for a model on the service's Ollama host. */
  ChatModel open(ChatModelChoice.Ollama choice) throws LibraryException {
    URI host = service.ollamaHost();
    return open(choice.spec() + "@" + host, () -> factory.ollama(choice, host));
  }

  private interface Opener {
    ChatModel open() throws LibraryException;
  }

  private ChatModel open(String key, Opener opener) throws LibraryException {
    synchronized (this) {
      if (closed) {
        throw new LibraryException(LibraryException.Kind.IO, "the library service is closed");
      }
      if (cached == null || !key.equals(cachedKey)) {
        ChatModel fresh = opener.open();
        closeCached();
        cached = fresh;
        cachedKey = key;
      }
      return cached;
    }
  }

  private ChatModel openGguf(ChatModelChoice.Gguf spec) throws LibraryException {
    {
      if (!Files.isRegularFile(spec.file())) {
        throw new LibraryException(
            LibraryException.Kind.MODEL_UNAVAILABLE,
            "GGUF file "
                + spec.file()
                + " does not exist — choose another model (cairn models lists the ones found)");
      }
      try {
        return ChatModels.llamaCpp(
            spec.file(), DeviceOptions.cpu().withThreads(service.settings().threads()));
      } catch (ChatException e) {
        throw new LibraryException(
            LibraryException.Kind.MODEL_UNAVAILABLE,
            "cannot load " + spec.file().getFileName() + ": " + Failures.message(e),
            e);
      }
    }
  }

  private ChatModel openOllama(ChatModelChoice.Ollama spec, URI host) throws LibraryException {
    OllamaStatus status = OllamaProbe.probe(host, OLLAMA_PROBE_TIMEOUT);
    String where = host.getAuthority() == null ? host.toString() : host.getAuthority();
    if (!status.running()) {
      throw new LibraryException(
          LibraryException.Kind.MODEL_UNAVAILABLE,
          "Ollama is not running at " + where + " — start it or choose a GGUF model");
    }
    String wanted = spec.model();
    boolean present =
        status.models().stream()
            .anyMatch(m -> m.name().equals(wanted) || m.name().equals(wanted + ":latest"));
    if (!present) {
      throw new LibraryException(
          LibraryException.Kind.MODEL_UNAVAILABLE,
          "Ollama at "
              + where
              + " has no model '"
              + wanted
              + "' — run 'ollama pull "
              + wanted
              + "' or choose another model");
    }
    return ChatModels.ollama(host, wanted, OLLAMA_REQUEST_TIMEOUT);
  }

  private void closeCached() {
    if (cached != null) {
      try {
        cached.close();
      } catch (RuntimeException e) {
        LOG.warn("closing chat model {} failed: {}", cachedKey, e.toString());
      }
      cached = null;
      cachedKey = null;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeCached();
  }
}
