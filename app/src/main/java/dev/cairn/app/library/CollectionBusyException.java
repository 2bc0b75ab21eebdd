package dev.cairn.app.library;

import java.util.Optional;

/**
 * A collection's writer lock is held by someone else: another Cairn process, or another task of
 * this one. Kind {@link LibraryException.Kind#BUSY}; the message names the holder.
 */
public final class CollectionBusyException extends LibraryException {
  private static final long serialVersionUID = 1L;

  private final String collection;
  private final long holderPid;

  CollectionBusyException(String collection, Optional<CollectionLock.Holder> holder) {
    super(Kind.BUSY, message(collection, holder));
    this.collection = collection;
    this.holderPid = holder.map(CollectionLock.Holder::pid).orElse(-1L);
  }

  private static String message(String collection, Optional<CollectionLock.Holder> holder) {
    if (holder.isEmpty()) {
      return "collection '"
          + collection
          + "' is being changed by another Cairn — it will be searchable when that finishes";
    }
    CollectionLock.Holder h = holder.get();
    if (h.pid() == ProcessHandle.current().pid()) {
      return "collection '"
          + collection
          + "' is already being "
          + h.activity().participle()
          + " — wait for it or cancel it";
    }
    return "collection '"
        + collection
        + "' is being "
        + h.activity().participle()
        + " by another Cairn (pid "
        + h.pid()
        + ") — it will be searchable when that finishes";
  }

  /** The collection. */
  public String collection() {
    return collection;
  }

  /** The holder's process id, or -1 when it could not be read. */
  public long holderPid() {
    return holderPid;
  }

  /** Whether the holder is another process. */
  public boolean heldByAnotherProcess() {
    return holderPid != ProcessHandle.current().pid();
  }
}
