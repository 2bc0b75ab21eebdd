package dev.cairn.chat.generate;

import java.time.Duration;

/**
 * A text-generation model (llama.cpp on a GGUF, or an Ollama model) that streams answers.
 *
 * <p><b>Ownership:</b> whoever opens it through {@link ChatModels} closes it; {@link #close()}
 * cancels a running stream and frees the native model or HTTP client.
 *
 * <p><b>Threads:</b> thread-safe. Each model owns one named generation thread; streams started
 * while another runs wait their turn. Handlers are called on that thread.
 */
public interface ChatModel extends AutoCloseable {

  /** Starts generating; returns at once. Errors are delivered to the handler and the stream. */
  ChatStream stream(ChatRequest request, TokenHandler handler);

  /** Generates and waits for the whole answer (up to the request's timeout plus a margin). */
  default ChatCompletion complete(ChatRequest request) throws ChatException, InterruptedException {
    return stream(request, TokenHandler.ignoring())
        .await(request.timeout().plus(Duration.ofSeconds(5)));
  }

  /** What the model actually runs on. */
  DeviceReport device();

  /** Human name, e.g. "llama.cpp: qwen2.5-1.5b-instruct-q4_k_m.gguf (CPU, 2 threads)". */
  String describe();

  /**
   * The exact prompt text the model's chat template makes of these messages (llama.cpp), or a
   * description of the messages sent (Ollama, which applies the template on the server).
   */
  String renderPrompt(ChatRequest request) throws ChatException;

  @Override
  void close();
}
