package dev.cairn.ingest;

/**
 * The stored status of one message of a mail container.
 *
 * @param index the message's position in the container, from 0
 * @param offset byte offset of the message in the container file
 * @param length bytes of the message in the file
 * @param messageId its Message-ID without angle brackets, null when it has none
 * @param contentHash SHA-256 (hex) of its bytes without the headers mail clients rewrite
 * @param state {@link FileState#INDEXED}, or SKIPPED/FAILED with {@code reason}
 * @param reason why it was skipped or failed, a note for an indexed one, else null
 * @param documentId id of the message's document, null when none was stored
 */
public record ContainerMessage(
    int index,
    long offset,
    long length,
    String messageId,
    String contentHash,
    FileState state,
    String reason,
    Long documentId) {}
