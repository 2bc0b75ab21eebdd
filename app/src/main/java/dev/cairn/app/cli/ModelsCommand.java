package dev.cairn.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelsReport;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cairn models [--json]}: runtimes, bundled and found models, Ollama status. */
@Command(
    name = "models",
    description = "List embedding runtimes, bundled and found models, and Ollama's status.",
    mixinStandardHelpOptions = true)
final class ModelsCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(
      names = "--ollama-host",
      paramLabel = "URL",
      description = "Ollama server to ask (default: from settings)")
  URI ollamaHost;

  @Option(
      names = "--download-embedding",
      paramLabel = "NAME",
      description = "download an embedding model of the catalog (e.g. multilingual-e5-small)")
  String downloadEmbedding;

  @Option(
      names = "--sha256",
      paramLabel = "FILE=HEX",
      description = "with --download-embedding: the SHA-256 a file must have, where none is pinned")
  Map<String, String> sha256 = new LinkedHashMap<>();

  @Option(
      names = "--file-url",
      paramLabel = "FILE=URL",
      description = "with --download-embedding: another source of a file (a mirror)")
  Map<String, URI> fileUrls = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    try (LibraryService library = cli.openLibrary(ollamaHost)) {
      if (downloadEmbedding != null) {
        return EmbeddingDownloadCli.run(cli, library, downloadEmbedding, sha256, fileUrls);
      }
      ModelsReport r = library.models();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runtimes", r.runtimes());
        m.put("embedding_models", entries(r.embeddingModels()));
        m.put("chat_models", entries(r.chatModels()));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("host", r.ollama().host().toString());
        o.put("running", r.ollama().running());
        o.put("version", r.ollama().version());
        o.put("message", r.ollama().message());
        m.put("ollama", o);
        m.put(
            "recommended_download",
            r.recommendedDownload() == null ? null : entry(r.recommendedDownload()));
        m.put("default_chat_model", r.defaultChatModel());
        cli.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
        return 0;
      }
      cli.out.println("Runtimes:");
      r.runtimes().forEach(s -> cli.out.println("  " + s));
      cli.out.println("Embedding models:");
      r.embeddingModels().forEach(e -> cli.out.println("  " + line(e)));
      cli.out.println("Chat models:");
      if (r.chatModels().isEmpty()) {
        cli.out.println("  none found (answers will quote the best passages)");
      }
      r.chatModels().forEach(e -> cli.out.println("  " + line(e)));
      cli.out.println("Ollama: " + r.ollama().message());
      for (var d : dev.cairn.app.library.EmbeddingDownloadCatalog.entries()) {
        cli.out.println(
            "Embedding download: "
                + d.name()
                + "  (--download-embedding "
                + d.name()
                + (d.pinned() ? ")" : "; SHA-256 not pinned in this build: give --sha256)"));
      }
      if (r.recommendedDownload() != null) {
        cli.out.println("Recommended download: " + line(r.recommendedDownload()));
      }
      cli.out.println(
          "Default chat model: "
              + (r.defaultChatModel() == null
                  ? "none (extractive answers)"
                  : r.defaultChatModel()));
      return 0;
    }
  }

  private static String line(ModelsReport.ModelEntry e) {
    StringBuilder sb = new StringBuilder(e.spec());
    if (!e.displayName().equals(e.spec())) {
      sb.append("  (").append(e.displayName()).append(')');
    }
    sb.append("  [").append(e.origin().name().toLowerCase(java.util.Locale.ROOT)).append(']');
    if (e.sizeBytes() > 0) {
      sb.append(String.format(java.util.Locale.ROOT, "  %.1f MB", e.sizeBytes() / 1e6));
    }
    if (e.detail() != null && !e.detail().isBlank()) {
      sb.append("  ").append(e.detail());
    }
    return sb.toString();
  }

  private static List<Map<String, Object>> entries(List<ModelsReport.ModelEntry> list) {
    List<Map<String, Object>> out = new ArrayList<>();
    list.forEach(e -> out.add(entry(e)));
    return out;
  }

  private static Map<String, Object> entry(ModelsReport.ModelEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", e.spec());
    m.put("name", e.displayName());
    m.put("origin", e.origin().name().toLowerCase(java.util.Locale.ROOT));
    m.put("size_bytes", e.sizeBytes());
    m.put("detail", e.detail());
    return m;
  }
}
