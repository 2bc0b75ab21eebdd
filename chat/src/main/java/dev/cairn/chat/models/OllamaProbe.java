package dev.cairn.chat.models;

import dev.cairn.chat.llama.OllamaCalls;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.response.Model;
import io.github.ollama4j.models.response.ModelMeta;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Detects a running Ollama: {@code /api/version} then {@code /api/tags}, each bounded by a timeout.
 * Never throws for an unreachable or broken server: the answer says what went wrong.
 */
public final class OllamaProbe {

  /** Ollama's default address. */
  public static final URI DEFAULT_HOST = URI.create("http://127.0.0.1:11434");

  private OllamaProbe() {}

  /** Probes {@code host}, waiting at most {@code timeout} per request. */
  public static OllamaStatus probe(URI host, Duration timeout) {
    Ollama client = new Ollama(host.toString());
    client.setRequestTimeoutSeconds(Math.max(1, timeout.toSeconds()));
    try (OllamaCalls calls = new OllamaCalls("cairn-ollama-probe")) {
      OllamaCalls.Outcome<String> v = calls.call(client::getVersion, timeout);
      if (v.failure() != null || v.value() == null || v.value().isBlank()) {
        return new OllamaStatus(host, false, "", List.of(), problem(host, "/api/version", v));
      }
      OllamaCalls.Outcome<List<Model>> tags = calls.call(client::listModels, timeout);
      if (tags.failure() != null || tags.value() == null) {
        return new OllamaStatus(
            host, false, v.value(), List.of(), problem(host, "/api/tags", tags));
      }
      List<OllamaStatus.OllamaModel> models = new ArrayList<>();
      for (Model m : tags.value()) {
        ModelMeta d = m.getModelMeta();
        models.add(
            new OllamaStatus.OllamaModel(
                String.valueOf(m.getName()),
                m.getSize(),
                d == null ? "" : String.valueOf(d.getFamily()),
                d == null ? "" : String.valueOf(d.getParameterSize()),
                d == null ? "" : String.valueOf(d.getQuantizationLevel())));
      }
      return new OllamaStatus(host, true, v.value(), models, "");
    }
  }

  private static String problem(URI host, String path, OllamaCalls.Outcome<?> o) {
    return switch (o.failure()) {
      case null -> "Ollama at " + host + " returned an empty answer on " + path;
      case OllamaCalls.Timeout t ->
          "Ollama at " + host + " did not answer " + path + " within " + t.after();
      case OllamaCalls.Interrupted i -> "probe of " + host + " was cancelled";
      case OllamaCalls.Failed f -> "Ollama at " + host + " failed on " + path + ": " + f.cause();
    };
  }
}
