package dev.cairn.app.library;

import dev.cairn.chat.embed.BundledModel;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.chat.models.GgufModelFile;
import dev.cairn.chat.models.OllamaProbe;
import dev.cairn.chat.models.OllamaStatus;
import dev.cairn.chat.models.RecommendedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link ModelsReport}: bundled embedding models, GGUF chat models in {@code
 * <home>/models}, the Ollama server's status and models (one probe with a short timeout), and the
 * recommended download.
 */
final class ModelCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);
  private final DefaultLibraryService service;

  ModelCatalog(DefaultLibraryService service) {
    this.service = service;
  }

  ModelsReport report() {
    List<String> runtimes =
        List.of(
            "ONNX Runtime (CPU) — default embedding runtime (" + Embedders.DEFAULT_RUNTIME + ")",
            "llama.cpp (de.kherud:llama, CPU) — embeddings and GGUF chat models",
            "Ollama (HTTP at " + service.ollamaHost() + ") — embeddings and chat");
    List<ModelsReport.ModelEntry> embedding = new ArrayList<>();
    for (BundledModel m : BundledModel.values()) {
      embedding.add(
          new ModelsReport.ModelEntry(
              m.name().toLowerCase(Locale.ROOT),
              m.displayName(),
              ModelsReport.Origin.BUNDLED,
              0,
              m == BundledModel.ALL_MINILM_L6_V2 ? "default, 384 dimensions" : "384 dimensions"));
    }
    List<ModelsReport.ModelEntry> chat = new ArrayList<>();
    Path models = service.home().resolve("models");
    if (Files.isDirectory(models)) {
      try {
        for (GgufModelFile f : dev.cairn.chat.models.ModelCatalog.listGguf(models)) {
          String detail =
              f.usableForChat()
                  ? f.architecture() + (f.hasChatTemplate() ? ", chat template" : "")
                  : "not usable for chat: " + f.problem();
          chat.add(
              new ModelsReport.ModelEntry(
                  new ChatModelChoice.Gguf(f.file()).spec(),
                  f.name(),
                  ModelsReport.Origin.GGUF_FILE,
                  f.sizeBytes(),
                  detail));
        }
      } catch (IOException e) {
        LOG.warn("cannot list GGUF models in {}: {}", models, e.toString());
      }
    }
    OllamaStatus status =
        OllamaProbe.probe(service.ollamaHost(), ChatModelCache.OLLAMA_PROBE_TIMEOUT);
    for (OllamaStatus.OllamaModel m : status.models()) {
      if (!m.looksLikeEmbeddingModel()) {
        chat.add(
            new ModelsReport.ModelEntry(
                new ChatModelChoice.Ollama(m.name()).spec(),
                m.name(),
                ModelsReport.Origin.OLLAMA,
                m.sizeBytes(),
                String.join(" ", m.family(), m.parameterSize(), m.quantization()).strip()));
      }
    }
    String message =
        status.running()
            ? "running at "
                + status.host()
                + " (version "
                + status.version()
                + ", "
                + status.models().size()
                + " models)"
            : "not running at "
                + status.host()
                + (status.problem().isBlank() ? "" : ": " + status.problem());
    ModelsReport.ModelEntry recommended = null;
    List<RecommendedModels.Recommended> rec = RecommendedModels.chat();
    if (!rec.isEmpty()) {
      RecommendedModels.Recommended r = rec.getFirst();
      boolean have = Files.isRegularFile(models.resolve(r.fileName()));
      if (!have) {
        recommended =
            new ModelsReport.ModelEntry(
                new ChatModelChoice.Gguf(models.resolve(r.fileName())).spec(),
                r.displayName(),
                ModelsReport.Origin.DOWNLOAD,
                r.approxBytes(),
                r.url() + " (" + r.licence() + ")");
      }
    }
    return new ModelsReport(
        runtimes,
        embedding,
        chat,
        new ModelsReport.OllamaStatus(
            status.host(), status.running(), status.running() ? status.version() : null, message),
        recommended,
        service.settings().chatModel());
  }
}
