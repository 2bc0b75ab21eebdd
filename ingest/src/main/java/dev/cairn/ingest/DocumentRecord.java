package dev.cairn.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One stored document (a file's main content, an email message, an attachment).
 *
 * @param id document id
 * @param file the file it came from
 * @param parentId the message/document an attachment belongs to, null for top-level documents
 * @param mediaType detected media type
 * @param title title or email subject
 * @param messageId email Message-ID, null when none
 * @param sender email sender, null for non-email documents
 * @param recipients email To list, null when none
 * @param date email date or document date, null when unknown
 * @param inReplyTo email In-Reply-To header, null when none
 * @param references email References header, null when none
 * @param metadata other metadata (Markdown front matter, author, extraction notes)
 * @param chunks number of chunks of this document
 * @param language the language detected in its text at ingest (ISO 639-1, "zh", "my", "en"), null
 *     when it could not be told
 */
public record DocumentRecord(
    long id,
    Path file,
    Long parentId,
    String mediaType,
    String title,
    String messageId,
    String sender,
    String recipients,
    Instant date,
    String inReplyTo,
    String references,
    Map<String, Object> metadata,
    int chunks,
    String language) {}
