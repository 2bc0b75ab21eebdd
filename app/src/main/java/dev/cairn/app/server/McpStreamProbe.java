package dev.cairn.app.server;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Notices an HTTP client that hung up on its {@code tools/call} — closed the connection, or the SSE
 * response stream, as a client that gives up or times out does — and cancels the call. The SDK
 * writes nothing to that stream until the result, so a closed connection would go unnoticed until
 * the whole answer had been generated; after {@link #FIRST} and then every {@link #EVERY}, while
 * the tool runs, the probe writes an SSE comment line ({@code :}, which SSE parsers skip) between
 * two events and flushes it, and a failed write cancels the call.
 *
 * <p>Only a response that is an event stream ({@code text/event-stream}, its headers sent) is
 * probed: a comment line would corrupt an {@code application/json} answer, so such a response gets
 * no probe, and a hang-up there is noticed only when the SDK writes the result (the SDK 2.2 answers
 * every request with an event stream).
 *
 * <p>Owns one daemon thread, {@code cairn-mcp-probe-N}; {@link #close} stops it. Thread-safe.
 */
final class McpStreamProbe implements AutoCloseable {
  static final Duration FIRST = Duration.ofSeconds(1);
  static final Duration EVERY = Duration.ofMillis(300);

  private static final String EVENT_STREAM = "text/event-stream";

  private final ScheduledExecutorService timer;

  McpStreamProbe() {
    AtomicInteger n = new AtomicInteger();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-mcp-probe-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The response the SDK writes to; its writer lets the probe in between SSE events. */
  static final class Probed extends HttpServletResponseWrapper {
    private EventWriter writer; // guarded by this

    Probed(HttpServletResponse response) {
      super(response);
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
      if (writer == null) {
        writer = new EventWriter(super.getWriter());
      }
      return writer;
    }

    /**
     * Writes a comment at an event boundary of an event stream; false when the client is gone. A
     * response that is not (yet) an event stream is left alone and counts as alive.
     */
    boolean probe() {
      EventWriter w;
      synchronized (this) {
        w = writer;
      }
      String type = getContentType();
      if (w == null || !isCommitted() || type == null || !type.startsWith(EVENT_STREAM)) {
        return true;
      }
      return w.probe();
    }
  }

  /**
   * Starts probing {@code response} for {@code call}; the caller cancels the returned future when
   * the request has ended.
   */
  ScheduledFuture<?> watch(McpCalls.Call call, Probed response) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(response, "response");
    return timer.scheduleWithFixedDelay(
        () -> {
          if (!call.isOpen() || call.cancellation().isCancelled()) {
            return;
          }
          boolean alive;
          try {
            alive = response.probe();
          } catch (RuntimeException e) {
            return; // the response has ended meanwhile
          }
          if (!alive) {
            call.cancellation().cancel("the client closed the connection");
          }
        },
        FIRST.toMillis(),
        EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /**
   * The SDK's writer, tracking whether the text so far ends between two SSE events (nothing yet, a
   * blank line, or a comment of the probe's), where a comment line may go without touching an
   * event. Every write goes through {@link #write(String, int, int)} and its siblings, which the
   * JDK's {@code print} and {@code println} methods call.
   */
  private static final class EventWriter extends PrintWriter {
    private final PrintWriter out;
    private boolean between = true; // guarded by lock
    private char last = '\n'; // guarded by lock

    EventWriter(PrintWriter out) {
      super(out);
      this.out = out;
    }

    private void track(char c) {
      between = c == '\n' && last == '\n';
      last = c;
    }

    @Override
    public void write(int c) {
      synchronized (lock) {
        out.write(c);
        track((char) c);
      }
    }

    @Override
    public void write(char[] buf, int off, int len) {
      synchronized (lock) {
        out.write(buf, off, len);
        for (int i = off; i < off + len; i++) {
          track(buf[i]);
        }
      }
    }

    @Override
    public void write(String s, int off, int len) {
      synchronized (lock) {
        out.write(s, off, len);
        for (int i = off; i < off + len; i++) {
          track(s.charAt(i));
        }
      }
    }

    @Override
    public void println() {
      write('\n'); // SSE lines end in LF, whatever the platform's separator
    }

    @Override
    public void flush() {
      synchronized (lock) {
        out.flush();
      }
    }

    @Override
    public boolean checkError() {
      return out.checkError();
    }

    @Override
    public void close() {
      synchronized (lock) {
        out.close();
      }
    }

    /** Writes and flushes {@code :\n} when between events; false when that write failed. */
    boolean probe() {
      synchronized (lock) {
        if (!between) {
          return true; // inside an event: the next probe will do
        }
        out.write(":\n");
        out.flush();
        // Still between events: a comment line is no part of one.
        return !out.checkError();
      }
    }
  }
}
