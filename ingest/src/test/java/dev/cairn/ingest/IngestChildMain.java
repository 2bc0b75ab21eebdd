package dev.cairn.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ingests folders into a store in its own JVM: {@code IngestChildMain STORE ROOT...}. Used by the
 * kill-and-restart and bounded-memory tests, which start it with ProcessBuilder; it prints one
 * "done" line per file (so the parent can see progress) and a summary at the end.
 */
public final class IngestChildMain {
  private IngestChildMain() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    List<Path> roots = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      roots.add(Path.of(args[i]));
    }
    IngestOptions options = IngestOptions.builder().fileTimeLimit(Duration.ofSeconds(60)).build();
    try (DocumentStore store = DocumentStore.open(db);
        Ingestor ingestor = new Ingestor(store, options)) {
      IngestSummary s =
          ingestor.ingest(
              roots,
              new IngestListener() {
                @Override
                public void fileDone(FileRecord r) {
                  System.out.println(
                      "done "
                          + r.state()
                          + " "
                          + r.path()
                          + " "
                          + (r.reason() == null ? "" : r.reason()));
                  System.out.flush();
                }
              },
              new CancellationToken());
      System.out.println("summary " + s);
      for (FileRecord r : store.files(Optional.empty())) {
        if (r.state() != FileState.INDEXED || r.reason() != null) {
          System.out.println("status " + r.state() + "\t" + r.path() + "\t" + r.reason());
        }
      }
      System.out.println("stats " + store.stats());
      System.out.println("heap-max-mb " + (Runtime.getRuntime().maxMemory() >> 20));
    }
  }
}
