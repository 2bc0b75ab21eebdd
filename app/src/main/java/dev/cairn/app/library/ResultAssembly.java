package dev.cairn.app.library;

import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.LexicalHit;
import dev.cairn.ingest.Provenance;
import dev.cairn.ingest.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns ranked chunk ids into {@link ResultItem}s: reads the chunks and their provenance from the
 * collection's store and makes a snippet for each. Stateless and thread-safe.
 */
final class ResultAssembly {
  private ResultAssembly() {}

  static List<ResultItem> items(
      CollectionHandle h,
      List<SearchPipeline.Scored> ranked,
      List<String> terms,
      Map<Long, String> snippets)
      throws LibraryException {
    if (ranked.isEmpty()) {
      return List.of();
    }
    long[] ids = ranked.stream().mapToLong(SearchPipeline.Scored::chunkId).toArray();
    List<ChunkRecord> chunks;
    try {
      chunks = h.store.chunks(ids);
    } catch (dev.cairn.ingest.MissingChunksException ex) {
      // Some chunk was deleted between the search and this read: take the ones still there.
      chunks = new ArrayList<>();
      for (long id : ids) {
        h.store.chunk(id).ifPresent(chunks::add);
      }
    } catch (StoreException ex) {
      throw Failures.io("cannot read result chunks of collection '" + h.name + "'", ex);
    }
    Map<Long, ChunkRecord> byId = new HashMap<>();
    chunks.forEach(c -> byId.put(c.id(), c));
    Map<Long, String> conversations =
        dev.cairn.ingest.MailThreads.keys(
            h.store.mailHeaders(chunks.stream().mapToLong(ChunkRecord::documentId).toArray()));
    List<ResultItem> items = new ArrayList<>();
    Map<Long, List<java.nio.file.Path>> copies = new HashMap<>();
    for (SearchPipeline.Scored s : ranked) {
      ChunkRecord c = byId.get(s.chunkId());
      if (c == null) {
        continue; // deleted between search and read
      }
      Provenance p = c.provenance();
      String snippet = snippets.get(s.chunkId());
      snippet =
          snippet != null
              ? Snippets.plain(
                      snippet.replace(LexicalHit.MARK_OPEN, "").replace(LexicalHit.MARK_CLOSE, ""))
                  .replaceAll("\\s+", " ")
                  .strip()
              : Snippets.snippet(c.text(), terms, Snippets.DEFAULT_LENGTH);
      items.add(
          new ResultItem(
              items.size() + 1,
              s.score(),
              c.id(),
              c.text(),
              snippet,
              terms,
              p.file(),
              p.page(),
              p.title(),
              p.headingPath(),
              p.messageId(),
              p.sender(),
              p.date(),
              p.mediaType(),
              copies.computeIfAbsent(c.documentId(), d -> h.store.placesOf(d)),
              conversations.get(c.documentId())));
    }
    return items;
  }
}
