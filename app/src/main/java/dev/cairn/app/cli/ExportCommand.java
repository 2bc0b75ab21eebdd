package dev.cairn.app.cli;

import dev.cairn.app.portable.CollectionExporter;
import dev.cairn.app.portable.PortableException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn export COLLECTION FILE}: the collection as one portable file. */
@Command(
    name = "export",
    description = "Write a collection (documents, index, cache, manifest) into one file.",
    mixinStandardHelpOptions = true)
final class ExportCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Parameters(index = "0", paramLabel = "COLLECTION", description = "collection name")
  String collection;

  @Parameters(index = "1", paramLabel = "FILE", description = "the export file (a zip)")
  Path file;

  @Override
  public Integer call() throws Exception {
    try {
      CollectionExporter.Result r =
          CollectionExporter.export(cli.resolvedHome(), collection, file, null);
      long docs = r.manifest().counts().getOrDefault("document_bytes", 0L);
      cli.out.printf(
          Locale.ROOT,
          "exported '%s' to %s: %,d bytes (%d files, %d chunks; %,d bytes of documents, %.1f %%)%n",
          collection,
          r.file(),
          r.fileBytes(),
          r.manifest().counts().getOrDefault("files", 0L),
          r.manifest().counts().getOrDefault("chunks", 0L),
          docs,
          docs == 0 ? 0.0 : 100.0 * r.fileBytes() / docs);
      return 0;
    } catch (PortableException e) {
      cli.err.println("cairn: " + CairnCli.oneLine(e));
      return CairnCli.EXIT_FAILURE;
    }
  }
}
