package dev.cairn.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.CollectionHealth;
import dev.cairn.app.library.LibraryService;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cairn stats [--collection NAME] [--json]}. */
@Command(
    name = "stats",
    description = "Show a collection's size and storage figures.",
    mixinStandardHelpOptions = true)
final class StatsCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      defaultValue = LibraryService.DEFAULT_COLLECTION,
      description = "collection name (default: ${DEFAULT-VALUE})")
  String collection;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (LibraryService library = cli.openLibrary()) {
      CollectionHealth h = library.health(collection);
      RecentSearches recent = RecentSearches.of(library.home(), collection);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("collection", h.collection());
        m.put("files", h.files());
        m.put("chunks", h.chunks());
        m.put("index_bytes", h.indexBytes());
        m.put("flat_bytes", h.flatBytes());
        m.put("storage_ratio", h.storageRatio());
        m.put("document_store_bytes", h.documentStoreBytes());
        m.put("dimensions", h.dimensions());
        m.put("embedding_model", h.embeddingModel());
        m.put("embedder", h.embedder());
        m.put("embedding_runtime", h.embeddingRuntime());
        m.put("pending_embedder", h.pendingEmbedder());
        m.put("cache_hit_rate", h.cacheHitRate());
        m.put("last_updated", h.lastUpdated() == null ? null : h.lastUpdated().toString());
        m.put("index_notice", h.indexNotice());
        m.put("chunks_by_language", h.languages().chunksByLanguage());
        m.put("language_notice", h.languages().notice());
        m.put("recent_searches", recent.json());
        cli.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
      } else {
        cli.out.printf(Locale.ROOT, "collection      %s%n", h.collection());
        cli.out.printf(Locale.ROOT, "files           %d%n", h.files());
        cli.out.printf(Locale.ROOT, "chunks          %d%n", h.chunks());
        cli.out.printf(
            Locale.ROOT,
            "index           %,d bytes (%.1f %% of %,d bytes flat)%n",
            h.indexBytes(),
            100 * h.storageRatio(),
            h.flatBytes());
        cli.out.printf(Locale.ROOT, "document store  %,d bytes%n", h.documentStoreBytes());
        cli.out.printf(
            Locale.ROOT,
            "embedding model %s%n",
            h.embeddingModel() == null
                ? "none yet (nothing embedded)"
                : h.embeddingModel() + " (" + h.dimensions() + " dimensions)");
        cli.out.printf(
            Locale.ROOT,
            "embedder        %s on %s%n",
            h.embedder(),
            h.embeddingRuntime() == null ? "(model not loaded)" : h.embeddingRuntime());
        if (h.pendingEmbedder() != null) {
          cli.out.printf(Locale.ROOT, "re-embedding to %s (unfinished)%n", h.pendingEmbedder());
        }
        cli.out.printf(
            Locale.ROOT,
            "last updated    %s%n",
            h.lastUpdated() != null
                ? h.lastUpdated().toString()
                : h.chunks() > 0 || h.files() > 0 ? "no indexing run has finished yet" : "never");
        if (!h.languages().chunksByLanguage().isEmpty()) {
          cli.out.printf(Locale.ROOT, "languages       %s%n", h.languages().summary());
        }
        recent.print(cli.out);
        if (h.indexNotice() != null) {
          cli.out.printf(Locale.ROOT, "note            %s%n", h.indexNotice());
        }
        if (h.languages().notice() != null) {
          cli.out.printf(Locale.ROOT, "note            %s%n", h.languages().notice());
        }
      }
      return 0;
    }
  }
}
