package dev.cairn.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One document found in a file (the file itself, an email message in an mbox/PST, an attachment).
 * Mutable while extraction runs on one thread, then handed over read-only.
 */
final class ExtractedDocument {
  final int index;
  final int parentIndex;
  String mediaType = "application/octet-stream";
  String title;
  String messageId;
  String sender;
  String recipients;
  Instant date;
  String inReplyTo;
  String references;
  boolean email;
  final Map<String, Object> metadata = new LinkedHashMap<>();
  final List<Section> sections = new ArrayList<>();

  ExtractedDocument(int index, int parentIndex) {
    this.index = index;
    this.parentIndex = parentIndex;
  }

  boolean hasText() {
    for (Section s : sections) {
      if (!s.text().isBlank()) {
        return true;
      }
    }
    return false;
  }

  long textLength() {
    long n = 0;
    for (Section s : sections) {
      n += s.text().length();
    }
    return n;
  }
}
