package dev.cairn.app.library;

import dev.cairn.chat.generate.ChatCompletion;
import dev.cairn.chat.generate.ChatException;
import dev.cairn.chat.generate.ChatModel;
import dev.cairn.chat.generate.ChatModels;
import dev.cairn.chat.generate.ChatRequest;
import dev.cairn.chat.generate.ChatStream;
import dev.cairn.chat.generate.DeviceOptions;
import dev.cairn.chat.generate.FinishReason;
import dev.cairn.chat.generate.TokenHandler;
import dev.cairn.chat.models.OllamaProbe;
import dev.cairn.chat.models.OllamaStatus;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens chat models by spec and keeps the most recent one open (loading a GGUF takes seconds).
 * Owned by the service's answer engine, closed with it. Thread-safe.
 */
final class ChatModelCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChatModelCache.class);
  static final Duration OLLAMA_PROBE_TIMEOUT = Duration.ofSeconds(3);
  static final Duration OLLAMA_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);
  static final int MAX_ANSWER_TOKENS = 768;

  /** Most tokens one answer may have (tests lower it to keep the fixture model quick). */
  volatile int maxAnswerTokens = MAX_ANSWER_TOKENS;

  private final DefaultLibraryService service;
  private String cachedKey;
  private ChatModel cached;
  private boolean closed;

  ChatModelCache(DefaultLibraryService service) {
    this.service = service;
  }

  /** An open chat model ready to answer. */
  interface Opened {
    String description();

    Generation start(String question, List<Source> sources, Consumer<String> onToken);
  }

  /** A running generation. */
  interface Generation {
    void cancel();

    /** The full text once generation ends. */
    String await() throws LibraryException;
  }

  /**
   * Opens (or reuses) the model named by {@code spec}.
   *
   * @throws LibraryException INVALID_REQUEST for a malformed spec; MODEL_UNAVAILABLE with the next
   *     step when the file is missing or broken, or Ollama is not running or lacks the model
   */
  Opened open(String spec) throws LibraryException {
    ModelSpec parsed = ModelSpec.parse(spec, service.home().resolve("models"));
    URI host = service.ollamaHost();
    String key =
        parsed.kind() == ModelSpec.Kind.OLLAMA
            ? parsed.canonical() + "@" + host
            : parsed.canonical();
    synchronized (this) {
      if (closed) {
        throw new LibraryException(LibraryException.Kind.IO, "the library service is closed");
      }
      if (cached == null || !key.equals(cachedKey)) {
        ChatModel fresh = openModel(parsed, host);
        closeCached();
        cached = fresh;
        cachedKey = key;
      }
      ChatModel model = cached;
      return new OpenedModel(model, model.describe(), maxAnswerTokens);
    }
  }

  private ChatModel openModel(ModelSpec spec, URI host) throws LibraryException {
    if (spec.kind() == ModelSpec.Kind.GGUF) {
      if (!Files.isRegularFile(spec.gguf())) {
        throw new LibraryException(
            LibraryException.Kind.MODEL_UNAVAILABLE,
            "GGUF file "
                + spec.gguf()
                + " does not exist — choose another model (cairn models lists the ones found)");
      }
      try {
        return ChatModels.llamaCpp(
            spec.gguf(), DeviceOptions.cpu().withThreads(service.settings().threads()));
      } catch (ChatException e) {
        throw new LibraryException(
            LibraryException.Kind.MODEL_UNAVAILABLE,
            "cannot load " + spec.gguf().getFileName() + ": " + Failures.message(e),
            e);
      }
    }
    OllamaStatus status = OllamaProbe.probe(host, OLLAMA_PROBE_TIMEOUT);
    String where = host.getAuthority() == null ? host.toString() : host.getAuthority();
    if (!status.running()) {
      throw new LibraryException(
          LibraryException.Kind.MODEL_UNAVAILABLE,
          "Ollama is not running at " + where + " — start it or choose a GGUF model");
    }
    String wanted = spec.ollamaModel();
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

  private record OpenedModel(ChatModel model, String description, int maxTokens) implements Opened {
    @Override
    public Generation start(String question, List<Source> sources, Consumer<String> onToken) {
      ChatRequest request = CitedPrompt.request(question, sources, maxTokens, ANSWER_TIMEOUT);
      ChatStream stream =
          model.stream(
              request,
              new TokenHandler() {
                @Override
                public void onToken(String token) {
                  onToken.accept(token);
                }

                @Override
                public void onComplete(ChatCompletion completion) {}

                @Override
                public void onError(ChatException error) {}
              });
      return new Generation() {
        @Override
        public void cancel() {
          stream.cancel();
        }

        @Override
        public String await() throws LibraryException {
          try {
            ChatCompletion c = stream.await(ANSWER_TIMEOUT.plusSeconds(10));
            if (c.reason() == FinishReason.CANCELLED) {
              throw new LibraryException(
                  LibraryException.Kind.CANCELLED, "the answer was cancelled");
            }
            return c.text();
          } catch (ChatException e) {
            throw new LibraryException(
                LibraryException.Kind.MODEL_UNAVAILABLE,
                "the chat model failed while answering: " + Failures.message(e),
                e);
          } catch (InterruptedException e) {
            stream.cancel();
            Thread.currentThread().interrupt();
            throw new LibraryException(
                LibraryException.Kind.CANCELLED, "the answer was interrupted", e);
          }
        }
      };
    }
  }
}
