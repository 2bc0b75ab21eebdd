package dev.cairn.app.library;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Application settings, persisted atomically in {@code settings.json} under Cairn's home.
 * Immutable; change with the {@code with...} methods and {@link LibraryService#updateSettings}.
 *
 * @param ollamaHost the only network host Cairn talks to (default {@code http://localhost:11434})
 * @param chatModel the default chat model spec; {@code null} for extractive answers
 * @param threads threads for embedding and chat models (1 to 256)
 * @param hotCacheMegabytes budget of the index's hot-embedding cache (0 to 65536)
 * @param theme the window theme
 * @param watchedCollections collections whose folders are watched for changes
 */
public record Settings(
    URI ollamaHost,
    String chatModel,
    int threads,
    int hotCacheMegabytes,
    Theme theme,
    List<String> watchedCollections,
    List<String> ocrLanguages) {

  /** Default Ollama host. */
  public static final URI DEFAULT_OLLAMA_HOST = URI.create("http://localhost:11434");

  /** Window themes. */
  public enum Theme {
    SYSTEM,
    LIGHT,
    DARK
  }

  public Settings {
    Objects.requireNonNull(ollamaHost, "ollamaHost");
    Objects.requireNonNull(theme, "theme");
    String scheme = ollamaHost.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || ollamaHost.getHost() == null) {
      throw new IllegalArgumentException(
          "Ollama host must be an http(s) URL such as http://localhost:11434, got " + ollamaHost);
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be between 1 and 256, got " + threads);
    }
    if (hotCacheMegabytes < 0 || hotCacheMegabytes > 65536) {
      throw new IllegalArgumentException(
          "hot cache budget must be between 0 and 65536 MB, got " + hotCacheMegabytes);
    }
    chatModel = chatModel == null || chatModel.isBlank() ? null : chatModel.strip();
    watchedCollections = List.copyOf(watchedCollections);
    ocrLanguages = ocrLanguages == null ? List.of() : List.copyOf(ocrLanguages);
    for (String l : ocrLanguages) {
      if (!l.matches("[A-Za-z0-9_]+")) {
        throw new IllegalArgumentException("not a Tesseract language code: '" + l + "'");
      }
    }
  }

  /** Settings without OCR languages chosen (Tesseract's default: English when installed). */
  public Settings(
      URI ollamaHost,
      String chatModel,
      int threads,
      int hotCacheMegabytes,
      Theme theme,
      List<String> watchedCollections) {
    this(ollamaHost, chatModel, threads, hotCacheMegabytes, theme, watchedCollections, List.of());
  }

  /**
   * The Tesseract language packs to OCR with (installed ones, as {@code tesseract --list-langs}
   * names them); empty: English when installed, else every installed pack.
   */
  public Settings withOcrLanguages(List<String> value) {
    return new Settings(
        ollamaHost, chatModel, threads, hotCacheMegabytes, theme, watchedCollections, value);
  }

  /** The defaults: local Ollama, no chat model, all cores, 64 MB cache, system theme. */
  public static Settings defaults() {
    return new Settings(
        DEFAULT_OLLAMA_HOST,
        null,
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        64,
        Theme.SYSTEM,
        List.of());
  }

  public Settings withOllamaHost(URI value) {
    return new Settings(
        value, chatModel, threads, hotCacheMegabytes, theme, watchedCollections, ocrLanguages);
  }

  public Settings withChatModel(String value) {
    return new Settings(
        ollamaHost, value, threads, hotCacheMegabytes, theme, watchedCollections, ocrLanguages);
  }

  public Settings withThreads(int value) {
    return new Settings(
        ollamaHost, chatModel, value, hotCacheMegabytes, theme, watchedCollections, ocrLanguages);
  }

  public Settings withHotCacheMegabytes(int value) {
    return new Settings(
        ollamaHost, chatModel, threads, value, theme, watchedCollections, ocrLanguages);
  }

  public Settings withTheme(Theme value) {
    return new Settings(
        ollamaHost, chatModel, threads, hotCacheMegabytes, value, watchedCollections, ocrLanguages);
  }

  public Settings withWatchedCollections(List<String> value) {
    return new Settings(
        ollamaHost, chatModel, threads, hotCacheMegabytes, theme, value, ocrLanguages);
  }
}
