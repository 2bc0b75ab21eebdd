package dev.cairn.app.cli;

import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.FileState;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.IndexingTask;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cairn index PATH... [--collection NAME]}: progress on stderr, a summary on stdout; exit
 * status {@value CairnCli#EXIT_FILES_FAILED} when some files under the given paths could not be
 * indexed: those that failed in this run, and those that failed in an earlier one and have not
 * changed since (they are not read again), each named on stderr with its reason.
 */
@Command(
    name = "index",
    description = "Add files or folders to a collection and index them.",
    mixinStandardHelpOptions = true)
final class IndexCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or folders to index")
  List<Path> paths;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      defaultValue = LibraryService.DEFAULT_COLLECTION,
      description = "collection name (default: ${DEFAULT-VALUE})")
  String collection;

  @Option(
      names = "--embedder",
      paramLabel = "EMBEDDER",
      description = {
        "embedding model and runtime of a new collection: onnx (default: bundled all-MiniLM-L6-v2"
            + " on ONNX Runtime), onnx:MODEL_FOLDER, gguf (the bundled model on llama.cpp),"
            + " gguf:/path/model.gguf, ollama:MODEL or ollama:MODEL@http://HOST:PORT;"
            + " an existing collection keeps its own (change it with `cairn reembed`)"
      })
  String embedder;

  @Override
  public Integer call() throws Exception {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new CairnCli.UsageException("no such file or folder: " + p.toAbsolutePath());
      }
    }
    List<Path> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    try (LibraryService library = cli.openLibrary()) {
      if (embedder != null) {
        library.createCollection(collection, embedder);
      }
      StderrProgress progress = new StderrProgress(cli);
      IndexingTask task = library.index(collection, absolute, progress);
      IndexingSummary s = task.await();
      cli.out.printf(
          Locale.ROOT,
          "indexed %d files, unchanged %d, skipped %d, failed %d; %d chunks in %.1f s%s%n",
          s.indexed(),
          s.unchanged(),
          s.skipped(),
          s.failed(),
          s.chunks(),
          s.seconds(),
          s.cancelled() ? " (cancelled)" : "");
      List<FileEntry> earlier =
          s.cancelled() ? List.of() : failedEarlier(library, absolute, progress.failedFiles());
      for (FileEntry f : earlier) {
        cli.err.println("failed (unchanged since an earlier run): " + f.path() + ": " + f.reason());
      }
      int failed = s.failed() + earlier.size();
      if (failed > 0) {
        cli.err.println(
            "cairn: "
                + failed
                + (failed == 1 ? " file" : " files")
                + " could not be indexed (listed above; `cairn stats` counts them) — exit status "
                + CairnCli.EXIT_FILES_FAILED);
        return CairnCli.EXIT_FILES_FAILED;
      }
      return 0;
    }
  }

  /**
   * The collection's failed files under {@code roots} that this run did not report: they failed in
   * an earlier run and are unchanged, so they were not read again.
   */
  private List<FileEntry> failedEarlier(
      LibraryService library, List<Path> roots, Set<Path> reported) throws LibraryException {
    return library.files(collection, Optional.of(FileState.FAILED)).stream()
        .filter(f -> !reported.contains(f.path()))
        .filter(f -> roots.stream().anyMatch(r -> f.path().startsWith(r)))
        .sorted(Comparator.comparing(FileEntry::path))
        .toList();
  }
}
