package dev.cairn.app.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stdin of {@code cairn mcp} as the SDK reads it: one JSON-RPC message per line (MCP's stdio
 * framing), each line passed through {@link McpCalls#admit} under {@link McpCalls#STDIO_SESSION}
 * before the SDK sees it, so that a {@code tools/call} is registered and a {@code
 * notifications/cancelled} cancels it. When stdin ends (the client closed it or exited) or reading
 * it fails, every call in flight is cancelled and {@code onEnd} runs, once.
 *
 * <p>One reader thread at a time (the SDK's); {@link #close} may come from another.
 */
final class McpStdioInput extends InputStream {
  private final InputStream in;
  private final McpCalls calls;
  private final Runnable onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private byte[] pending = new byte[0];
  private int next;

  /**
   * @param in the raw stdin; wrap it in a buffered stream, lines are read a byte at a time
   * @param onEnd runs once when stdin has ended, after the calls in flight were cancelled
   */
  McpStdioInput(InputStream in, McpCalls calls, Runnable onEnd) {
    this.in = Objects.requireNonNull(in, "in");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return pending[next++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, pending.length - next);
    System.arraycopy(pending, next, b, off, n);
    next += n;
    return n;
  }

  @Override
  public int available() {
    return pending.length - next;
  }

  /** Makes sure unread bytes are pending; false at the end of stdin. */
  private boolean fill() throws IOException {
    while (next >= pending.length) {
      byte[] line;
      try {
        line = readLine();
      } catch (IOException e) {
        end("reading the client's stdin failed: " + e.getMessage());
        throw e;
      }
      if (line == null) {
        end("the client closed stdin");
        return false;
      }
      pending = line;
      next = 0;
    }
    return true;
  }

  /**
   * The next line with its {@code \n} (rewritten by the registry; empty for a consumed cancel), or
   * {@code null} at the end.
   */
  private byte[] readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      line.write(c);
    }
    if (c < 0 && line.size() == 0) {
      return null;
    }
    byte[] text = line.toByteArray();
    int end = text.length;
    while (end > 0 && (text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t')) {
      end--;
    }
    if (end == 0) {
      return new byte[0]; // a blank line is no message
    }
    McpCalls.Admitted admitted =
        calls.admit(McpCalls.STDIO_SESSION, java.util.Arrays.copyOf(text, end));
    if (admitted.consumed()) {
      return new byte[0]; // fill() reads on: the SDK never sees the cancel
    }
    byte[] message = admitted.message();
    byte[] out = java.util.Arrays.copyOf(message, message.length + 1);
    out[message.length] = '\n';
    return out;
  }

  private void end(String why) {
    if (ended.compareAndSet(false, true)) {
      calls.cancelAll(why);
      onEnd.run();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } finally {
      end("the server is closing");
    }
  }
}
