package dev.cairn.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.eval.BeirEvaluation;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.IndexingProgress;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn eval ...}: retrieval evaluations on public datasets. */
@Command(
    name = "eval",
    description = "Evaluate retrieval quality on a public dataset.",
    mixinStandardHelpOptions = true,
    subcommands = EvalCommand.Beir.class)
final class EvalCommand implements Runnable {
  @ParentCommand CairnCli cli;

  @Override
  public void run() {
    throw new CairnCli.UsageException("missing dataset kind: try 'cairn eval beir DIR'");
  }

  /** {@code cairn eval beir DIR [--split test] [--mode M] [--json]}. */
  @Command(
      name = "beir",
      description =
          "Index a BEIR dataset into a temporary collection and report nDCG@10, exact flat"
              + " nDCG@10, storage and latency as JSON.",
      mixinStandardHelpOptions = true)
  static final class Beir implements Callable<Integer> {
    @ParentCommand EvalCommand eval;

    @Parameters(index = "0", paramLabel = "DIR", description = "the BEIR dataset folder")
    Path dir;

    @Option(names = "--split", defaultValue = "test", description = "qrels split (default: test)")
    String split;

    @Option(
        names = "--mode",
        defaultValue = "hybrid",
        description = "hybrid, vector or lexical (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--json", description = "print JSON (the output is always JSON)")
    boolean json;

    @Option(
        names = "--limit-docs",
        defaultValue = "0",
        paramLabel = "N",
        description = "index at most N documents, judged ones first (0 = all)")
    int limitDocs;

    @Option(
        names = "--limit-queries",
        defaultValue = "0",
        paramLabel = "N",
        description = "run at most N judged queries (0 = all)")
    int limitQueries;

    @Option(
        names = "--embedder",
        paramLabel = "EMBEDDER",
        description =
            "embedding model and runtime to measure (as for `cairn index --embedder`), e.g."
                + " onnx:/models/multilingual-e5-small or gguf:/models/e5.gguf (default: onnx)")
    String embedder;

    @Option(
        names = "--hybrid-scoring",
        paramLabel = "S",
        description =
            "exact (an exact top max(2k, 30) vector list, then fusion), rerank (fusion on PQ"
                + " estimates, then the best 15 fused candidates recomputed) or bounded"
                + " (experimental: recompute only candidates whose calibrated fused bound can"
                + " enter the top k), to compare (default: the product's)")
    String hybridScoring;

    @Override
    public Integer call() throws Exception {
      CairnCli cli = eval.cli;
      SearchMode m;
      BeirEvaluation.Options options;
      Path work = Files.createTempDirectory("cairn-eval-");
      try {
        m = SearchMode.parse(mode);
        options =
            new BeirEvaluation.Options(
                dir.toAbsolutePath().normalize(),
                split,
                m,
                limitDocs,
                limitQueries,
                work,
                SearchPipeline.HybridScoring.parse(hybridScoring),
                embedder);
      } catch (IllegalArgumentException e) {
        Files.deleteIfExists(work);
        throw new CairnCli.UsageException(e.getMessage());
      }
      BeirEvaluation.Report report =
          BeirEvaluation.run(
              options,
              new IndexingListener() {
                private long last;

                @Override
                public synchronized void progress(IndexingProgress p) {
                  long now = System.nanoTime();
                  if (now - last < 5_000_000_000L) {
                    return;
                  }
                  last = now;
                  cli.err.printf(
                      Locale.ROOT,
                      "[%s] files %d/%d, chunks %d, embedded %d (%.1f/s)%n",
                      p.phase().name().toLowerCase(Locale.ROOT),
                      p.filesDone(),
                      p.filesSeen(),
                      p.chunks(),
                      p.chunksEmbedded(),
                      p.ratePerSecond());
                }
              });
      cli.out.println(
          new ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(report.toJsonMap()));
      return 0;
    }
  }
}
