package dev.cairn.ingest.mail;

/**
 * One message as {@link MboxReader} found it in an mbox file.
 *
 * @param index position of the message in the file, from 0 (counted from where the reader started)
 * @param offset byte offset of the message's {@code From } line (or of its first byte when the file
 *     does not start with one)
 * @param length bytes from {@code offset} to the next message or the end of the file
 * @param content the message as RFC 822 bytes: the {@code From } line removed and {@code >From}
 *     lines unescaped (mboxrd); null when the message is larger than the reader's limit
 * @param messageId the Message-ID header without angle brackets, null when the message has none
 * @param contentHash SHA-256 (hex) of the content without the headers mail clients rewrite in place
 *     ({@code Status}, {@code X-Status}, {@code X-Mozilla-*}, {@code X-Keywords}), so a flag change
 *     is not a new message
 * @param truncated the file ends inside this message (no line break at its end)
 */
public record MboxMessage(
    int index,
    long offset,
    long length,
    byte[] content,
    String messageId,
    String contentHash,
    boolean truncated) {

  /** The end of the message in the file: where the next one starts. */
  public long end() {
    return offset + length;
  }

  /** Whether the content was over the reader's limit and not kept. */
  public boolean oversized() {
    return content == null;
  }

  /** The key a compacted mailbox is reconciled by: the Message-ID, else the content hash. */
  public String key() {
    return messageId != null ? "id:" + messageId : "sha256:" + contentHash;
  }
}
