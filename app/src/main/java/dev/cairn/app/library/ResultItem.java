package dev.cairn.app.library;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One search result with its provenance.
 *
 * @param rank 1-based rank
 * @param score the mode's score (cosine for vector, BM25-derived for lexical, fused for hybrid);
 *     higher is better, comparable only within one response
 * @param chunkId the chunk's id in the collection
 * @param text the chunk's full text
 * @param snippet a short excerpt around the matched words
 * @param highlightTerms the query words to highlight in {@code text} / {@code snippet}
 * @param path the source file
 * @param page 1-based page for paged documents (PDF); 0 when none
 * @param title the document's title; {@code null} when unknown
 * @param headingPath the section headings above the chunk ("Intro > Scope"); {@code null} if none
 * @param messageId the email's Message-ID; {@code null} if not an email
 * @param sender the email's sender; {@code null} if not an email
 * @param date the document's or email's date; {@code null} if unknown
 * @param mediaType the file's media type, e.g. {@code application/pdf}
 * @param alsoIn the other places of the same document (copies with the same text, stored once);
 *     empty when it has none
 * @param conversation the email conversation it belongs to (the Message-ID of its thread's root);
 *     {@code null} when it is not an email
 */
public record ResultItem(
    int rank,
    double score,
    long chunkId,
    String text,
    String snippet,
    List<String> highlightTerms,
    Path path,
    int page,
    String title,
    String headingPath,
    String messageId,
    String sender,
    Instant date,
    String mediaType,
    List<Path> alsoIn,
    String conversation) {
  public ResultItem {
    highlightTerms = List.copyOf(highlightTerms);
    alsoIn = List.copyOf(alsoIn);
  }

  /** The same result at another rank. */
  public ResultItem withRank(int newRank) {
    return new ResultItem(
        newRank,
        score,
        chunkId,
        text,
        snippet,
        highlightTerms,
        path,
        page,
        title,
        headingPath,
        messageId,
        sender,
        date,
        mediaType,
        alsoIn,
        conversation);
  }
}
