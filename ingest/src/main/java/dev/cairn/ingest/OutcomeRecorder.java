package dev.cairn.ingest;

import java.time.Instant;
import java.util.List;

/**
 * Turns an {@link IngestOutcome} into its one store call: {@code replaceFile} for a stored state,
 * {@code removeFile} for a file that disappeared, {@code touch} for unchanged content, nothing for
 * a deferred or cancelled file. The only place the plain-file path writes a file's status. Touches
 * only the {@link DocumentStore}; thread-safe as the store is.
 */
final class OutcomeRecorder {
  private final DocumentStore store;

  OutcomeRecorder(DocumentStore store) {
    this.store = store;
  }

  /** The commit written, or null when none was (unchanged, deferred to OCR, cancelled). */
  DocumentStore.Commit record(ScannedFile f, IngestOutcome outcome) {
    return switch (outcome) {
      case IngestOutcome.Indexed i ->
          store.replaceFile(
              f,
              FileState.INDEXED,
              i.extraction().note(),
              i.hash(),
              i.extraction().mediaType(),
              i.extraction().documents(),
              i.chunksPerDoc());
      case IngestOutcome.Skipped s ->
          store.replaceFile(
              f, s.state(), s.reason(), s.hash(), s.mediaType(), List.of(), List.of());
      case IngestOutcome.Failed x ->
          store.replaceFile(f, FileState.FAILED, x.reason(), null, null, List.of(), List.of());
      case IngestOutcome.Disappeared d -> {
        long[] removed = store.removeFile(f.key());
        yield new DocumentStore.Commit(
            new FileRecord(
                f.path(),
                FileState.FAILED,
                "file disappeared",
                f.size(),
                Instant.ofEpochMilli(f.mtimeMs()),
                null,
                0,
                0),
            List.of(),
            removed);
      }
      case IngestOutcome.Unchanged u -> {
        store.touch(f);
        yield null;
      }
      case IngestOutcome.DeferredToOcr d -> null;
      case IngestOutcome.Cancelled c -> null;
    };
  }
}
