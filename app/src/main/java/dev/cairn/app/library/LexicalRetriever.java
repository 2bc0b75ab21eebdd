package dev.cairn.app.library;

import dev.cairn.ingest.ChunkFilter;
import dev.cairn.ingest.LexicalHit;
import dev.cairn.ingest.StoreException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyword retriever of {@link SearchPipeline}: the document store's full-text (BM25) hits of a
 * query with their snippets, for the lexical mode and the keyword side of hybrid search.
 *
 * <p>Touches the collection's store only, for reading. Stateless and thread-safe.
 */
final class LexicalRetriever {
  private LexicalRetriever() {}

  /** The lexical mode: the top {@code k} keyword hits, best first. */
  static SearchPipeline.Retrieval retrieve(
      CollectionHandle h, String query, int k, ChunkFilter filter) throws LibraryException {
    List<LexicalHit> hits = hits(h, query, k, filter);
    return new SearchPipeline.Retrieval(
        hits.stream().map(x -> new SearchPipeline.Scored(x.chunkId(), x.score())).toList(),
        0,
        0,
        snippets(hits));
  }

  /** The store's keyword hits of {@code query} inside {@code filter}, best first, at most k. */
  static List<LexicalHit> hits(CollectionHandle h, String query, int k, ChunkFilter filter)
      throws LibraryException {
    try {
      return h.store.lexicalSearch(query, k, filter);
    } catch (StoreException ex) {
      throw Failures.io("lexical search in collection '" + h.name + "' failed", ex);
    }
  }

  /** The FTS snippets of the hits, by chunk id. */
  static Map<Long, String> snippets(List<LexicalHit> hits) {
    Map<Long, String> out = new HashMap<>();
    hits.forEach(x -> out.put(x.chunkId(), x.snippet()));
    return out;
  }
}
