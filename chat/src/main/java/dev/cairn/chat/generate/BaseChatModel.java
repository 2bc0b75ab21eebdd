package dev.cairn.chat.generate;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming machinery shared by the chat models: one named generation thread, a timer that enforces
 * the request timeout, stop strings applied on the client, cancellation, and the guarantee that
 * exactly one of onComplete/onError ends each stream.
 */
abstract class BaseChatModel implements ChatModel {

  private static final Logger LOG = LoggerFactory.getLogger(BaseChatModel.class);
  private static final AtomicInteger MODELS = new AtomicInteger();

  private final ExecutorService worker;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Stream current;

  BaseChatModel(String kind) {
    int id = MODELS.incrementAndGet();
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-chat-" + kind + "-" + id);
              t.setDaemon(true);
              return t;
            });
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-chat-timer-" + id);
              t.setDaemon(true);
              return t;
            });
  }

  /** Receives pieces from a backend. */
  interface Sink {
    /**
     * Delivers a raw piece from the model.
     *
     * @return false when generation must stop (stop string, cancel, timeout)
     */
    boolean piece(String text);

    /** Whether generation should stop now. */
    boolean shouldStop();
  }

  /**
   * Generates for one request, blocking, pushing pieces into the sink until it returns false or the
   * model ends.
   *
   * @return {@link FinishReason#END} or {@link FinishReason#LENGTH}
   */
  protected abstract FinishReason generate(ChatRequest request, Sink sink) throws ChatException;

  /** Hook to abort a blocked backend call when a stream is cancelled or times out. */
  protected void abort() {}

  /** Frees backend resources; called once by {@link #close()}. */
  protected abstract void release();

  @Override
  public ChatStream stream(ChatRequest request, TokenHandler handler) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    if (closed.get()) {
      throw new IllegalStateException("chat model is closed: " + describe());
    }
    Stream s = new Stream(request, handler);
    try {
      worker.submit(s::run);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("chat model is closed: " + describe(), e);
    }
    return s;
  }

  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      Stream s = current;
      if (s != null) {
        s.cancel();
      }
      worker.shutdown();
      try {
        if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("generation thread of {} did not stop within 10 s", describe());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer.shutdownNow();
      release();
    }
  }

  private final class Stream implements ChatStream, Sink {
    private final ChatRequest request;
    private final TokenHandler handler;
    private final StopMatcher stops;
    private final StringBuilder text = new StringBuilder();
    private final CompletableFuture<ChatCompletion> result = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final long start = System.nanoTime();
    private volatile boolean cancelled;
    private volatile boolean timedOut;
    private volatile boolean lengthReached;
    private int pieces;

    Stream(ChatRequest request, TokenHandler handler) {
      this.request = request;
      this.handler = handler;
      this.stops = new StopMatcher(request.stop());
    }

    void run() {
      if (finished.get()) {
        return; // cancelled before it started
      }
      current = this;
      ScheduledFuture<?> deadline =
          timer.schedule(this::timeout, request.timeout().toMillis(), TimeUnit.MILLISECONDS);
      try {
        FinishReason reason = generate(request, this);
        synchronized (this) {
          emit(stops.flush());
        }
        if (stops.stopped()) {
          reason = FinishReason.STOP_STRING;
        } else if (lengthReached) {
          reason = FinishReason.LENGTH;
        } else if (cancelled) {
          reason = FinishReason.CANCELLED;
        } else if (reason == FinishReason.CANCELLED) {
          reason = FinishReason.END;
        }
        if (timedOut) {
          fail(new ChatTimeoutException(request.timeout(), snapshot()));
        } else {
          complete(reason);
        }
      } catch (ChatException e) {
        if (timedOut) {
          fail(new ChatTimeoutException(request.timeout(), snapshot()));
        } else if (cancelled) {
          complete(FinishReason.CANCELLED);
        } else {
          fail(e);
        }
      } catch (RuntimeException e) {
        fail(new ChatException("generation failed in " + describe() + ": " + e, e));
      } finally {
        deadline.cancel(false);
        current = null;
      }
    }

    private void timeout() {
      timedOut = true;
      abort();
      fail(new ChatTimeoutException(request.timeout(), snapshot()));
    }

    @Override
    public synchronized boolean piece(String raw) {
      if (finished.get() || cancelled || timedOut) {
        return false;
      }
      pieces++;
      emit(stops.append(raw));
      if (pieces >= request.maxTokens()) {
        lengthReached = true;
        return false;
      }
      return !stops.stopped();
    }

    private void emit(String s) {
      if (!s.isEmpty() && !finished.get()) {
        text.append(s);
        try {
          handler.onToken(s);
        } catch (RuntimeException e) {
          LOG.warn("token handler threw; continuing", e);
        }
      }
    }

    @Override
    public boolean shouldStop() {
      return finished.get() || cancelled || timedOut || stops.stopped();
    }

    private synchronized String snapshot() {
      return text.toString();
    }

    private void complete(FinishReason reason) {
      if (reason == FinishReason.END && pieces >= request.maxTokens()) {
        reason = FinishReason.LENGTH;
      }
      if (finished.compareAndSet(false, true)) {
        ChatCompletion c =
            new ChatCompletion(
                snapshot(), reason, pieces, Duration.ofNanos(System.nanoTime() - start));
        try {
          handler.onComplete(c);
        } catch (RuntimeException e) {
          LOG.warn("completion handler threw", e);
        }
        result.complete(c);
      }
    }

    private void fail(ChatException e) {
      if (finished.compareAndSet(false, true)) {
        try {
          handler.onError(e);
        } catch (RuntimeException ex) {
          LOG.warn("error handler threw", ex);
        }
        result.completeExceptionally(e);
      }
    }

    @Override
    public void cancel() {
      if (!cancelled && !finished.get()) {
        cancelled = true;
        abort();
        // If the backend is blocked (slow server), end the stream now; the backend stops later.
        try {
          timer.schedule(() -> complete(FinishReason.CANCELLED), 2, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
          complete(FinishReason.CANCELLED);
        }
        if (current != this) {
          complete(FinishReason.CANCELLED);
        }
      }
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public ChatCompletion await(Duration wait) throws ChatException, InterruptedException {
      try {
        return result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ChatException ce) {
          throw ce;
        }
        throw new ChatException("generation failed: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        throw new ChatTimeoutException(wait, snapshot());
      }
    }
  }
}
