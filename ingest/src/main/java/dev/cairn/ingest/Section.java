package dev.cairn.ingest;

/**
 * A run of extracted text that chunks never cross: one PDF page, one heading's body, one EPUB
 * chapter, an email's header block.
 *
 * @param text the text, never blank
 * @param page 1-based page, 0 when none
 * @param headingPath headings above it joined with " > ", null when none
 */
record Section(String text, int page, String headingPath) {}
