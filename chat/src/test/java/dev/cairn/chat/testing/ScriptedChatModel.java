package dev.cairn.chat.testing;

import dev.cairn.chat.generate.ChatCompletion;
import dev.cairn.chat.generate.ChatException;
import dev.cairn.chat.generate.ChatMessage;
import dev.cairn.chat.generate.ChatModel;
import dev.cairn.chat.generate.ChatRequest;
import dev.cairn.chat.generate.ChatStream;
import dev.cairn.chat.generate.ChatTimeoutException;
import dev.cairn.chat.generate.DeviceReport;
import dev.cairn.chat.generate.FinishReason;
import dev.cairn.chat.generate.TokenHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A chat model for tests that replies with a scripted text, streamed word by word on its own named
 * thread with an optional pause between words, through the same {@link ChatModel} contract as the
 * real ones (cancel, await, handler calls). Records every request it gets. Thread-safe.
 */
public final class ScriptedChatModel implements ChatModel {
  private final String name;
  private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private volatile String reply;
  private volatile Duration pause = Duration.ZERO;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicInteger cancelledRuns =
      new java.util.concurrent.atomic.AtomicInteger();

  public ScriptedChatModel(String name, String reply) {
    this.name = name;
    this.reply = reply;
  }

  /** The next answers' text. */
  public ScriptedChatModel reply(String text) {
    this.reply = text;
    return this;
  }

  /** A pause before each word (to test cancelling a stream). */
  public ScriptedChatModel pause(Duration d) {
    this.pause = d;
    return this;
  }

  /** The requests received, in order. */
  public List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** The reply cut into the pieces it streams: each word with the spaces before it. */
  static List<String> pieces(String text) {
    return List.of(text.split("(?=\\s+\\S)"));
  }

  @Override
  public ChatStream stream(ChatRequest request, TokenHandler handler) {
    if (closed) {
      throw new IllegalStateException("the scripted model " + name + " is closed");
    }
    requests.add(request);
    Run run = new Run(reply, pause, handler, cancelledRuns);
    Thread t = new Thread(run::generate, "scripted-chat-" + name);
    t.setDaemon(true);
    t.start();
    return run;
  }

  private static final class Run implements ChatStream {
    private final String text;
    private final Duration pause;
    private final TokenHandler handler;
    private final CompletableFuture<ChatCompletion> done = new CompletableFuture<>();
    private volatile boolean cancelled;
    private final java.util.concurrent.atomic.AtomicInteger cancelledRuns;

    Run(
        String text,
        Duration pause,
        TokenHandler handler,
        java.util.concurrent.atomic.AtomicInteger cancelledRuns) {
      this.text = text;
      this.pause = pause;
      this.handler = handler;
      this.cancelledRuns = cancelledRuns;
    }

    void generate() {
      long start = System.nanoTime();
      StringBuilder sent = new StringBuilder();
      int n = 0;
      FinishReason reason = FinishReason.END;
      try {
        for (String piece : pieces(text)) {
          if (!pause.isZero()) {
            Thread.sleep(pause.toMillis());
          }
          if (cancelled) {
            reason = FinishReason.CANCELLED;
            cancelledRuns.incrementAndGet();
            break;
          }
          handler.onToken(piece);
          sent.append(piece);
          n++;
        }
      } catch (InterruptedException e) {
        reason = FinishReason.CANCELLED;
      }
      ChatCompletion c =
          new ChatCompletion(
              sent.toString(), reason, n, Duration.ofNanos(System.nanoTime() - start));
      handler.onComplete(c);
      done.complete(c);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public boolean isDone() {
      return done.isDone();
    }

    @Override
    public ChatCompletion await(Duration wait) throws ChatException, InterruptedException {
      try {
        return done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new ChatTimeoutException(wait, text);
      } catch (ExecutionException e) {
        throw new ChatException("the scripted stream failed", e.getCause());
      }
    }
  }

  @Override
  public DeviceReport device() {
    return new DeviceReport("scripted", false, "", 0, 0, 1, "test fixture");
  }

  @Override
  public String describe() {
    return "scripted " + name;
  }

  @Override
  public String renderPrompt(ChatRequest request) {
    return request.messages().stream().map(ChatMessage::content).collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    closed = true;
  }

  /** How many streams stopped because they were cancelled. */
  public int cancelledRuns() {
    return cancelledRuns.get();
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return closed;
  }
}
