package dev.cairn.ingest;

import dev.cairn.ingest.mail.MailFolder;
import dev.cairn.ingest.mail.PstMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams an Outlook PST/OST file message by message ({@link PstMessages}): each message is its own
 * document with its own status and time limit, its attachments children, its folder path in {@code
 * mail.folder}; batches are committed as in {@link MailFolderIngest}, keyed by the message's
 * descriptor id, so a crashed or cancelled run resumes with the messages not yet committed and a
 * changed PST reads only messages it has not stored (deleted ones lose their documents). A PST that
 * cannot be opened is recorded FAILED with the reason. Thread-safety: one call per file; the PST is
 * read on the calling thread, each message's MIME is parsed on the extraction thread.
 */
final class PstIngest {
  static final String MEDIA_TYPE = "application/vnd.ms-outlook-pst";

  /** Attachments larger than this are left out of a message (the message itself is kept). */
  static final long MAX_ATTACHMENT_BYTES = 64L * 1024 * 1024;

  private final MailFolderIngest keyed;
  private final MailFolderStore store;

  PstIngest(MailFolderIngest keyed, MailFolderStore store) {
    this.keyed = keyed;
    this.store = store;
  }

  FileRecord ingest(ScannedFile f, MboxIngest.Events events, CancellationToken cancel)
      throws IOException {
    PstMessages pst;
    try {
      pst = PstMessages.open(f.path(), MAX_ATTACHMENT_BYTES);
    } catch (IOException e) {
      List<Long> removed = new ArrayList<>();
      store.open(f, MEDIA_TYPE, removed);
      ContainerStore.Result r =
          store.commit(f, MEDIA_TYPE, List.of(), List.of(), FileState.FAILED, e.getMessage());
      events.committed(
          new ContainerStore.Result(
              r.file(), List.of(), removed.stream().mapToLong(Long::longValue).toArray()));
      return r.file();
    }
    try (pst) {
      return keyed.ingest(
          f,
          new MailFolderIngest.Source() {
            @Override
            public String mediaType() {
              return MEDIA_TYPE;
            }

            @Override
            public List<MailFolder.Entry> list() throws IOException {
              return pst.list();
            }

            @Override
            public byte[] read(MailFolder.Entry e) throws IOException {
              return pst.read(e);
            }
          },
          events,
          cancel);
    }
  }
}
