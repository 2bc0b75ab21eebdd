package dev.cairn.app.library;

import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.Provenance;
import dev.cairn.ingest.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-assembles a file's text from its stored chunks: chunks are exact slices of the document text
 * ({@code [startChar, endChar)}), so sorting them by offset and dropping what overlaps the previous
 * chunk gives the text back, with a line break where the chunker skipped white space. A file whose
 * documents are copies of ones kept elsewhere gives the kept text. Stateless.
 */
final class DocumentTexts {
  private DocumentTexts() {}

  /**
   * The text of {@code file} in {@code store}.
   *
   * @throws LibraryException NOT_FOUND when the collection knows no such file
   */
  static DocumentText read(DocumentStore store, String collection, Path file)
      throws LibraryException {
    Path normalized = file.toAbsolutePath().normalize();
    try {
      if (store.file(normalized).isEmpty()) {
        throw new LibraryException(
            LibraryException.Kind.NOT_FOUND,
            "collection '" + collection + "' has no file " + normalized);
      }
      return new DocumentText(normalized, parts(store.textChunksOfFile(normalized)));
    } catch (StoreException e) {
      throw Failures.io("cannot read the text of " + normalized, e);
    }
  }

  private record Key(long documentId, int page) {}

  static List<DocumentText.Part> parts(List<ChunkRecord> chunks) {
    Map<Key, List<ChunkRecord>> groups = new LinkedHashMap<>();
    for (ChunkRecord c : chunks) {
      groups
          .computeIfAbsent(new Key(c.documentId(), c.provenance().page()), k -> new ArrayList<>())
          .add(c);
    }
    List<DocumentText.Part> parts = new ArrayList<>();
    for (List<ChunkRecord> group : groups.values()) {
      group.sort((a, b) -> Integer.compare(a.provenance().startChar(), b.provenance().startChar()));
      Provenance first = group.get(0).provenance();
      parts.add(
          new DocumentText.Part(
              parts.size(),
              first.title(),
              first.mediaType(),
              first.page(),
              first.messageId(),
              stitch(group)));
    }
    return parts;
  }

  private static String stitch(List<ChunkRecord> sorted) {
    StringBuilder text = new StringBuilder();
    int end = -1;
    for (ChunkRecord c : sorted) {
      int start = c.provenance().startChar();
      String t = c.text();
      if (end < 0) {
        text.append(t);
      } else if (start >= end) {
        text.append(start > end ? "\n" : "").append(t);
      } else if (c.provenance().endChar() > end) {
        text.append(t, Math.min(t.length(), end - start), t.length());
      }
      end = Math.max(end, c.provenance().endChar());
    }
    return text.toString();
  }
}
