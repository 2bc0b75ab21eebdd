package dev.cairn.chat.generate;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.cairn.chat.convert.ConversionException;
import dev.cairn.chat.convert.GgufInfo;
import dev.cairn.chat.llama.LlamaRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * llama.cpp (de.kherud:llama) on a GGUF chosen by the user. The prompt is made by the model's own
 * chat template ({@code tokenizer.chat_template}, through llama.cpp); stop strings are applied on
 * the client so the finish reason is exact; cancel and timeout stop the native iterator.
 */
final class LlamaCppChatModel extends BaseChatModel {

  private final Path file;
  private final GgufInfo header;
  private final LlamaModel model;
  private final DeviceReport device;

  private LlamaCppChatModel(Path file, GgufInfo header, LlamaModel model, DeviceReport device) {
    super("llama");
    this.file = file;
    this.header = header;
    this.model = model;
    this.device = device;
  }

  static LlamaCppChatModel open(Path gguf, DeviceOptions options) throws ChatException {
    GgufInfo header;
    try {
      header = GgufInfo.read(gguf);
    } catch (ConversionException e) {
      throw new ChatModelFileException(gguf, e.getMessage(), e);
    }
    String arch = header.architecture();
    if (arch.isEmpty() || arch.equals("bert") || arch.contains("bert")) {
      throw new ChatModelFileException(
          gguf,
          "GGUF "
              + gguf
              + " is not a generative model (general.architecture='"
              + arch
              + "'); choose a chat/instruct GGUF",
          null);
    }
    ModelParameters p =
        new ModelParameters()
            .setModel(gguf.toString())
            .setCtxSize(options.contextSize())
            .setThreads(options.threads())
            .setThreadsBatch(options.threads())
            .setGpuLayers(options.gpuLayers())
            .setParallel(1)
            .skipWarmup();
    LlamaRuntime.Loaded loaded;
    try {
      loaded = LlamaRuntime.open(p, options);
    } catch (RuntimeException e) {
      throw new ChatModelFileException(
          gguf, "llama.cpp cannot load " + gguf + ": " + e.getMessage(), e);
    }
    return new LlamaCppChatModel(gguf, header, loaded.model(), loaded.report());
  }

  @Override
  public DeviceReport device() {
    return device;
  }

  @Override
  public String describe() {
    return "llama.cpp: " + file.getFileName() + " (" + device.description() + ")";
  }

  /** Whether the GGUF carries its own chat template (otherwise llama.cpp's default is used). */
  boolean hasOwnTemplate() {
    return !header.chatTemplate().isEmpty();
  }

  @Override
  public String renderPrompt(ChatRequest request) throws ChatException {
    String system = "";
    List<Pair<String, String>> turns = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      if (m.role() == Role.SYSTEM) {
        system = m.content();
      } else {
        turns.add(new Pair<>(m.role().wireName(), m.content()));
      }
    }
    InferenceParameters p = new InferenceParameters("").setMessages(system, turns);
    try {
      return model.applyTemplate(p);
    } catch (RuntimeException e) {
      throw new ChatException(
          "the chat template of " + file + " could not be applied: " + e.getMessage(), e);
    }
  }

  @Override
  protected FinishReason generate(ChatRequest request, Sink sink) throws ChatException {
    String prompt = renderPrompt(request);
    InferenceParameters p =
        new InferenceParameters(prompt)
            .setNPredict(request.maxTokens())
            .setTemperature((float) request.temperature())
            .setSeed(request.seed())
            .setCachePrompt(false);
    if (request.temperature() == 0) {
      p.setTopK(1);
    }
    LlamaIterator it;
    try {
      it = model.generate(p).iterator();
    } catch (RuntimeException e) {
      throw new ChatException("llama.cpp could not start generating: " + e.getMessage(), e);
    }
    int n = 0;
    try {
      while (it.hasNext()) {
        if (sink.shouldStop()) {
          it.cancel();
          return FinishReason.CANCELLED;
        }
        LlamaOutput out = it.next();
        n++;
        if (!out.text.isEmpty() && !sink.piece(out.text)) {
          it.cancel();
          return FinishReason.CANCELLED;
        }
      }
    } catch (RuntimeException e) {
      if (sink.shouldStop()) {
        return FinishReason.CANCELLED;
      }
      throw new ChatException("llama.cpp failed while generating: " + e.getMessage(), e);
    }
    return n >= request.maxTokens() ? FinishReason.LENGTH : FinishReason.END;
  }

  @Override
  protected void abort() {
    // The iterator is stopped from the generation thread at the next token (shouldStop());
    // llama.cpp's iterator is not safe to cancel from another thread.
  }

  @Override
  protected void release() {
    model.close();
  }
}
