package dev.cairn.app.server;

import dev.cairn.app.library.ResultItem;
import java.util.LinkedHashMap;
import java.util.Map;

/** A search result or a cited source as the tools return it. Stateless. */
final class Passages {
  /** Characters of a result's passage text. */
  static final int MAX_PASSAGE_CHARS = 2_000;

  private Passages() {}

  /** A result as JSON: where it is, how it scored, its snippet and (bounded) text. */
  static Map<String, Object> json(ResultItem item) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("rank", item.rank());
    row.put("score", item.score());
    row.put("title", item.title());
    row.put("path", item.path().toString());
    row.put("uri", item.path().toUri().toString());
    row.put("page", item.page() > 0 ? item.page() : null);
    row.put("heading", item.headingPath());
    row.put("message_id", item.messageId());
    row.put("sender", item.sender());
    row.put("date", item.date() == null ? null : item.date().toString());
    row.put("media_type", item.mediaType());
    row.put("snippet", item.snippet());
    // the other places of the same document (a message also saved as .eml, a file copied)
    row.put("also_in", item.alsoIn().stream().map(java.nio.file.Path::toString).toList());
    String text = item.text();
    row.put(
        "text", text.length() > MAX_PASSAGE_CHARS ? text.substring(0, MAX_PASSAGE_CHARS) : text);
    return row;
  }

  static String location(ResultItem item) {
    String title = item.title() == null ? item.path().getFileName().toString() : item.title();
    return title + " — " + item.path() + (item.page() > 0 ? ", page " + item.page() : "");
  }
}
