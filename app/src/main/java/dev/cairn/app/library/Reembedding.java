package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A re-embed: moves a collection to another {@link EmbedderChoice} as a durable background task.
 * The new embedder is opened first (a model that cannot load changes nothing); the target is
 * recorded in {@code collection.json} as pending; every stored chunk is embedded with it into the
 * collection's re-embed spool ({@code reembed-spool.sqlite}, one committed transaction per batch,
 * through {@link FirstBuild}); then a new index generation is built from the spool and promoted
 * with the new choice ({@link CollectionHandle#promote}). Until then the old index and the old
 * model answer searches. Killed or cancelled, the next {@code reembed}, {@code rebuild} or {@code
 * repair} resumes from the spool.
 *
 * <p>Runs on the {@link IndexingRun}'s thread, under the collection's lock.
 */
final class Reembedding {
  private final RunControl control;
  private final RunProgress progress;
  private final CollectionHandle handle;
  private final IndexingService.EmbedderProvider embedders;
  private final Path modelsDir;

  Reembedding(
      RunControl control,
      RunProgress progress,
      CollectionHandle handle,
      IndexingService.EmbedderProvider embedders,
      Path modelsDir) {
    this.control = control;
    this.progress = progress;
    this.handle = handle;
    this.embedders = embedders;
    this.modelsDir = modelsDir;
  }

  void run(EmbedderChoice target, dev.cairn.index.IndexSettings options) throws LibraryException {
    CollectionMeta meta = handle.meta();
    EmbedderChoice current = meta.embedderChoice(modelsDir);
    EmbedderChoice pending = meta.pendingChoice(modelsDir);
    if (pending != null && !pending.equals(target)) {
      // A different target: the vectors spooled for the old one are of no use.
      progress.notice(
          "dropping the unfinished re-embed to " + pending.spec() + " for " + target.spec());
      deleteSpool();
    }
    Embedder embedder = embedders.get(target);
    StoreEmbeddingSource source = new StoreEmbeddingSource(handle.store, embedder);
    if (!target.spec().equals(meta.pendingEmbedder())) {
      handle.updateMeta(meta.withPendingEmbedder(target.spec()));
    }
    progress.notice(
        "re-embedding collection '"
            + handle.name
            + "' with "
            + embedder.info().modelId()
            + " on "
            + embedder.info().runtime()
            + " (searches use "
            + current.spec()
            + " until it is done)");
    FirstBuild build =
        FirstBuild.start(
            handle,
            source,
            control,
            progress,
            handle.reembedSpoolFile(),
            (vectors, o) -> handle.promote(target, source, vectors, o));
    build.finish(options, false);
  }

  private void deleteSpool() throws LibraryException {
    try {
      dev.cairn.index.VectorSpool.delete(handle.reembedSpoolFile());
    } catch (IOException e) {
      throw Failures.io("cannot delete the re-embed spool of collection '" + handle.name + "'", e);
    }
  }
}
