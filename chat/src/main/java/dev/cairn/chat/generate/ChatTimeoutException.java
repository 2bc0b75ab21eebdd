package dev.cairn.chat.generate;

import java.time.Duration;

/** The answer did not finish within its timeout; carries the text produced so far. */
public class ChatTimeoutException extends ChatException {
  private static final long serialVersionUID = 1L;
  private final transient Duration timeout;
  private final String partialText;

  public ChatTimeoutException(Duration timeout, String partialText) {
    super(
        "no complete answer within "
            + timeout
            + " ("
            + partialText.length()
            + " characters received)");
    this.timeout = timeout;
    this.partialText = partialText;
  }

  public Duration timeout() {
    return timeout;
  }

  public String partialText() {
    return partialText;
  }
}
