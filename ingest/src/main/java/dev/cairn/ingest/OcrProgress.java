package dev.cairn.ingest;

/**
 * Progress of the OCR pass of one ingestion run, which starts after every text file of the run is
 * done.
 *
 * @param files files waiting for OCR in this run
 * @param done files finished (indexed, skipped or failed)
 * @param current the file being read, or null
 */
public record OcrProgress(int files, int done, String current) {}
