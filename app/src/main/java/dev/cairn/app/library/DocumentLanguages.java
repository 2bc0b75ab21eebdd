package dev.cairn.app.library;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A collection's documents per detected language, with the embedding model its vectors come from:
 * what the window needs to tell whether that model covers the collection.
 *
 * @param documentsByLanguage documents with at least one chunk, per detected language (ISO 639-1),
 *     most first; {@code ""} counts those whose language could not be told; empty before the first
 *     indexing
 * @param embeddingModel id of the embedding model of the collection's index ({@code
 *     all-minilm-l6-v2} for the bundled one); {@code null} before the first indexing
 */
public record DocumentLanguages(Map<String, Integer> documentsByLanguage, String embeddingModel) {

  public DocumentLanguages {
    documentsByLanguage = Collections.unmodifiableMap(new LinkedHashMap<>(documentsByLanguage));
  }
}
