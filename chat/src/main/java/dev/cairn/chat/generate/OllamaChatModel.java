package dev.cairn.chat.generate;

import dev.cairn.chat.llama.OllamaCalls;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResponseModel;
import io.github.ollama4j.models.chat.OllamaChatResult;
import io.github.ollama4j.utils.Options;
import io.github.ollama4j.utils.OptionsBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An Ollama model through ollama4j's streamed {@code /api/chat} (NDJSON). Ollama applies the
 * model's chat template on the server. Stop strings are sent to the server and also applied on the
 * client; a stream that ends without a valid {@code "done": true} line is a {@link
 * ChatServerException}.
 */
final class OllamaChatModel extends BaseChatModel {

  private final URI host;
  private final String model;
  private final Duration timeout;
  private final Ollama client;
  private final OllamaCalls calls = new OllamaCalls("cairn-ollama-chat");

  OllamaChatModel(URI host, String model, Duration timeout) {
    super("ollama");
    this.host = host;
    this.model = model;
    this.timeout = timeout;
    this.client = new Ollama(host.toString());
    client.setRequestTimeoutSeconds(Math.max(1, timeout.toSeconds()));
  }

  @Override
  public DeviceReport device() {
    return new DeviceReport("ollama", false, "", 0, 0, 0, host.toString());
  }

  @Override
  public String describe() {
    return "Ollama: " + model + " at " + host;
  }

  @Override
  public String renderPrompt(ChatRequest request) {
    StringBuilder sb = new StringBuilder();
    for (ChatMessage m : request.messages()) {
      sb.append('[').append(m.role().wireName()).append("] ").append(m.content()).append('\n');
    }
    return sb.toString();
  }

  @Override
  protected FinishReason generate(ChatRequest request, Sink sink) throws ChatException {
    OllamaChatRequest req = OllamaChatRequest.builder().withModel(model);
    for (ChatMessage m : request.messages()) {
      OllamaChatMessageRole role =
          switch (m.role()) {
            case SYSTEM -> OllamaChatMessageRole.SYSTEM;
            case USER -> OllamaChatMessageRole.USER;
            case ASSISTANT -> OllamaChatMessageRole.ASSISTANT;
          };
      req = req.withMessage(role, m.content());
    }
    OptionsBuilder ob =
        new OptionsBuilder()
            .setTemperature((float) request.temperature())
            .setNumPredict(request.maxTokens())
            .setSeed(request.seed());
    Options opts = ob.build();
    if (!request.stop().isEmpty()) {
      // Ollama takes a list of stop strings; the builder only accepts scalars.
      opts.getOptionsMap().put("stop", request.stop());
    }
    OllamaChatRequest built = req.withOptions(opts).withStreaming().build();

    AtomicBoolean sawDone = new AtomicBoolean();
    AtomicReference<String> doneReason = new AtomicReference<>("");
    AtomicBoolean stoppedByUs = new AtomicBoolean();
    Duration deadline = request.timeout().plus(Duration.ofSeconds(1));
    OllamaCalls.Outcome<OllamaChatResult> out =
        calls.call(
            () -> {
              return client.chat(
                  built,
                  (OllamaChatResponseModel chunk) -> {
                    if (stoppedByUs.get()) {
                      throw new CancellationException("stopped by Cairn");
                    }
                    String err = chunk.getError();
                    if (err != null && !err.isBlank()) {
                      throw new IllegalStateException("server error: " + err);
                    }
                    String piece =
                        chunk.getMessage() == null ? null : chunk.getMessage().getResponse();
                    if (piece != null && !piece.isEmpty() && !sink.piece(piece)) {
                      stoppedByUs.set(true);
                      throw new CancellationException("stopped by Cairn");
                    }
                    if (chunk.isDone()) {
                      sawDone.set(true);
                      doneReason.set(String.valueOf(chunk.getDoneReason()));
                    }
                  });
            },
            deadline);
    if (out.failure() == null) {
      if (stoppedByUs.get() || sink.shouldStop()) {
        return FinishReason.CANCELLED;
      }
      if (!sawDone.get()) {
        throw new ChatServerException(
            host,
            "Ollama at "
                + host
                + " sent no valid /api/chat stream for model "
                + model
                + " (no line with \"done\": true)",
            null);
      }
      return "length".equals(doneReason.get()) ? FinishReason.LENGTH : FinishReason.END;
    }
    return switch (out.failure()) {
      case OllamaCalls.Timeout t -> throw new ChatTimeoutException(request.timeout(), "");
      case OllamaCalls.Interrupted i -> FinishReason.CANCELLED;
      case OllamaCalls.Failed f -> {
        if (stoppedByUs.get()
            || sink.shouldStop()
            || hasCause(f.cause(), CancellationException.class)) {
          yield FinishReason.CANCELLED;
        }
        throw new ChatServerException(
            host,
            "Ollama at " + host + " failed on /api/chat (model " + model + "): " + f.cause(),
            f.cause());
      }
    };
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /** The per-request HTTP timeout this model was opened with. */
  Duration timeout() {
    return timeout;
  }

  @Override
  protected void abort() {
    calls.cancelRunning();
  }

  @Override
  protected void release() {
    calls.close();
  }
}
