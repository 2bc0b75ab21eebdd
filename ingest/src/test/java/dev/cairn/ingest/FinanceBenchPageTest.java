package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Page numbers on real filings: the ten smallest FinanceBench PDFs (19 evidence items) in the
 * normal suite; all 128 available evidence items run in {@code ./bench ingest}.
 */
class FinanceBenchPageTest {
  @Test
  void theChunkHoldingEachEvidenceTextIsOnTheEvidencePage(@TempDir Path tmp) throws Exception {
    List<FinanceBenchPages.Item> all = FinanceBenchPages.items();
    assertThat(all).hasSize(128);
    Set<String> smallest =
        all.stream()
            .map(FinanceBenchPages.Item::doc)
            .distinct()
            .sorted(
                Comparator.comparingLong(
                    d -> size(FinanceBenchPages.dir().resolve("pdfs/" + d + ".pdf"))))
            .limit(10)
            .collect(Collectors.toSet());
    List<FinanceBenchPages.Item> items =
        all.stream().filter(i -> smallest.contains(i.doc())).toList();
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.builder().workerThreads(2).build())) {
      ing.ingest(
          smallest.stream()
              .map(d -> FinanceBenchPages.dir().resolve("pdfs/" + d + ".pdf"))
              .toList(),
          IngestListener.NONE,
          new CancellationToken());
      int right = 0;
      for (FinanceBenchPages.Item i : items) {
        int page =
            FinanceBenchPages.predictedPage(
                store.chunksOfFile(FinanceBenchPages.pdf(i)), i.evidence());
        if (page == i.page0() + 1) {
          right++;
        }
      }
      assertThat(right / (double) items.size())
          .as("%d of %d evidence pages right", right, items.size())
          .isGreaterThanOrEqualTo(0.95);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
