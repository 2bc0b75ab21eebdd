package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.embed.EmbedResult;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbeddingException;
import dev.cairn.chat.embed.EmbeddingModelInfo;
import dev.cairn.chat.testing.HashingEmbedder;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error (not an exception) on the embedding thread, such as the {@code NoClassDefFoundError} a
 * JVM started without {@code --add-modules jdk.incubator.vector} throws at the first spool write,
 * ends the run with a named failure instead of leaving ingestion waiting for ever on the full queue
 * (it did: found running {@code cairn eval beir} through a bare {@code java} command).
 */
class EmbedWorkerErrorTest {

  /** Embeds queries; the first batch of chunk texts throws an error, as a missing class does. */
  private static final class BrokenEmbedder implements Embedder {
    private final HashingEmbedder real = new HashingEmbedder();

    @Override
    public EmbeddingModelInfo info() {
      return real.info();
    }

    @Override
    public EmbedResult embedWithReport(List<String> texts) throws EmbeddingException {
      throw new NoClassDefFoundError("jdk/incubator/vector/Vector");
    }

    @Override
    public int countTokens(String text) {
      return real.countTokens(text);
    }

    @Override
    public int lastTruncatedCount() {
      return 0;
    }

    @Override
    public void close() {
      real.close();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void anErrorWhileEmbeddingFailsTheRunWithItsName(@TempDir Path dir) throws Exception {
    Path notes = Files.createDirectories(dir.resolve("notes"));
    // More files than the worker's queue holds (64), so ingestion would block on a dead worker.
    for (int i = 0; i < 200; i++) {
      Files.writeString(notes.resolve("n" + i + ".md"), "# Note " + i + "\n\nword" + i + " text\n");
    }
    try (DefaultLibraryService service =
        FixtureLibrary.open(dir.resolve("home"), new ScriptedChatModel("scripted", "unused"))) {
      service.embedders.opener = (choice, host) -> new BrokenEmbedder();
      assertThatThrownBy(
              () -> service.index("notes", List.of(notes), IndexingListener.NONE).await())
          .isInstanceOf(LibraryException.class)
          .hasMessageContaining("embedding chunks of collection 'notes' failed")
          .hasMessageContaining("NoClassDefFoundError");
      // Nothing was lost: the store kept what ingestion committed, and the collection still opens.
      assertThat(service.files("notes", Optional.empty())).isNotEmpty();
    }
  }
}
