package dev.cairn.app.server;

import dev.cairn.app.library.DocumentText;
import dev.cairn.app.server.ToolException.Code;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a document's text into bounded pages for {@code get_document}: the whole document (its parts
 * joined, each headed by its page or title) or one part, from {@code offset}, at most {@code
 * maxChars} characters, with the offset of the next page ({@code null} at the end). Stateless.
 */
final class DocumentPages {
  /** Parts listed in a reply at most. */
  static final int MAX_PARTS_LISTED = 500;

  private DocumentPages() {}

  static CairnTools.Result page(
      String collection, DocumentText doc, int part, int offset, int maxChars)
      throws ToolException {
    List<DocumentText.Part> parts = doc.parts();
    String whole;
    if (part >= 0) {
      if (part >= parts.size()) {
        throw new ToolException(
            Code.INVALID_ARGUMENT,
            "get_document: 'part' is "
                + part
                + " but the document has "
                + parts.size()
                + " part(s), numbered from 0");
      }
      whole = parts.get(part).text();
    } else {
      whole = joined(parts);
    }
    if (offset > whole.length()) {
      throw new ToolException(
          Code.INVALID_ARGUMENT,
          "get_document: 'offset' is " + offset + " but the text has " + whole.length() + " chars");
    }
    int end = Math.min(whole.length(), offset + maxChars);
    String text = whole.substring(offset, end);
    List<Map<String, Object>> listed = new ArrayList<>();
    for (DocumentText.Part p : parts.subList(0, Math.min(parts.size(), MAX_PARTS_LISTED))) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("part", p.index());
      row.put("title", p.title());
      row.put("page", p.page() > 0 ? p.page() : null);
      row.put("message_id", p.messageId());
      row.put("media_type", p.mediaType());
      row.put("chars", p.text().length());
      listed.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("collection", collection);
    out.put("path", doc.file().toString());
    out.put("uri", doc.file().toUri().toString());
    out.put("title", parts.isEmpty() ? doc.file().getFileName().toString() : parts.get(0).title());
    out.put("part", part >= 0 ? part : null);
    out.put("parts", listed);
    out.put("parts_total", parts.size());
    out.put("offset", offset);
    out.put("total_chars", whole.length());
    out.put("next_offset", end < whole.length() ? end : null);
    out.put("text", text);
    String footer =
        end < whole.length()
            ? "\n\n["
                + (whole.length() - end)
                + " more characters: call again with offset "
                + end
                + "]"
            : "";
    return new CairnTools.Result(out, text + footer, text.length());
  }

  private static String joined(List<DocumentText.Part> parts) {
    if (parts.size() == 1) {
      return parts.get(0).text();
    }
    StringBuilder sb = new StringBuilder();
    for (DocumentText.Part p : parts) {
      if (!sb.isEmpty()) {
        sb.append("\n\n");
      }
      sb.append("--- ")
          .append(p.page() > 0 ? "page " + p.page() : p.title())
          .append(" ---\n")
          .append(p.text());
    }
    return sb.toString();
  }
}
