package dev.cairn.ingest;

import java.util.List;

/**
 * The outcome of extracting one file.
 *
 * @param mediaType the file's detected media type
 * @param documents the documents worth storing, parents before children, each with text or an email
 *     header
 * @param note a problem that did not stop extraction ("partly extracted: ..."), or null
 */
record Extraction(String mediaType, List<ExtractedDocument> documents, String note) {}
