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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
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

  /** Answers streaming from each open model; a replaced model closes when its last one ends. */
  private final Map<ChatModel, Integer> users = new IdentityHashMap<>();

  private final Set<ChatModel> retired = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * The use of an open model by one answer: while any lease of a model is open, choosing another
   * model does not close it (the answer goes on streaming); closing the last lease of a replaced
   * model closes it.
   */
  final class Lease implements AutoCloseable {
    private final ChatModel model;
    private boolean released;

    private Lease(ChatModel model) {
      this.model = model;
    }

    ChatModel model() {
      return model;
    }

    @Override
    public void close() {
      release(this);
    }
  }

  ChatModelCache(DefaultLibraryService service) {
    this.service = service;
  }

  /**
   * Opens (or reuses) the chosen model, leased to the caller until it closes the lease. The model
   * stays owned by this cache: callers never close it; it is closed when another model has been
   * opened (or the cache closed) and no lease of it is open any more.
   *
   * @throws LibraryException MODEL_UNAVAILABLE with the next step when the file is missing or
   *     broken, or Ollama is not running or lacks the model
   */
  Lease open(ChatModelChoice.Gguf choice) throws LibraryException {
    return open(choice.spec(), () -> factory.gguf(choice));
  }

  /** As {@link #open(ChatModelChoice.Gguf)}, for a model on the service's Ollama host. */
  Lease open(ChatModelChoice.Ollama choice) throws LibraryException {
    URI host = service.ollamaHost();
    return open(choice.spec() + "@" + host, () -> factory.ollama(choice, host));
  }

  private interface Opener {
    ChatModel open() throws LibraryException;
  }

  private synchronized Lease open(String key, Opener opener) throws LibraryException {
    if (closed) {
      throw new LibraryException(LibraryException.Kind.IO, "the library service is closed");
    }
    if (cached == null || !key.equals(cachedKey)) {
      ChatModel fresh = opener.open();
      retire(cached, cachedKey);
      cached = fresh;
      cachedKey = key;
    }
    users.merge(cached, 1, Integer::sum);
    return new Lease(cached);
  }

  private synchronized void release(Lease lease) {
    if (lease.released) {
      return;
    }
    lease.released = true;
    int left = users.merge(lease.model, -1, Integer::sum);
    if (left <= 0) {
      users.remove(lease.model);
      if (retired.remove(lease.model)) {
        closeQuietly(lease.model, "a replaced chat model");
      }
    }
  }

  /** Closes a model that is no longer the cached one, now or when its last answer ends. */
  private void retire(ChatModel model, String key) {
    if (model == null) {
      return;
    }
    if (users.getOrDefault(model, 0) > 0) {
      retired.add(model);
    } else {
      closeQuietly(model, key);
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

  private static void closeQuietly(ChatModel model, String key) {
    try {
      model.close();
    } catch (RuntimeException e) {
      LOG.warn("closing chat model {} failed: {}", key, e.toString());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    retire(cached, cachedKey);
    cached = null;
    cachedKey = null;
  }
}
