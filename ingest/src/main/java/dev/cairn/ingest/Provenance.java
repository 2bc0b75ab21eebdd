package dev.cairn.ingest;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Where a chunk came from.
 *
 * @param file the file on disk (absolute)
 * @param mediaType the detected media type of the document (e.g. "application/pdf",
 *     "message/rfc822"), never null
 * @param title document title (email subject, PDF title, first Markdown heading or file name),
 *     never null
 * @param page 1-based PDF page the chunk lies on, 0 when the format has no pages
 * @param startChar offset of the chunk's first character in the document's extracted text (the
 *     document's sections joined with "\n\n")
 * @param endChar offset just past the chunk's last character in the same text
 * @param headingPath headings above the chunk joined with " > " (Markdown, HTML, Office, EPUB
 *     chapter), null when none
 * @param messageId email Message-ID, null for non-email documents or messages without one
 * @param sender email sender ("Name <addr>" or address), null for non-email documents
 * @param date email date, or the document's creation date / front-matter date; null when unknown
 * @param parentDocumentId for attachments, the id of the document (message) they belong to; null
 *     for top-level documents
 */
public record Provenance(
    Path file,
    String mediaType,
    String title,
    int page,
    int startChar,
    int endChar,
    String headingPath,
    String messageId,
    String sender,
    Instant date,
    Long parentDocumentId) {}
