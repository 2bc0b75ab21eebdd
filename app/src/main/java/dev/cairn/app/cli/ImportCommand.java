package dev.cairn.app.cli;

import dev.cairn.app.portable.CollectionImporter;
import dev.cairn.app.portable.ModelIdentity;
import dev.cairn.app.portable.PortableException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn import FILE [--as NAME] [--map OLD=NEW]... [--replace]}. */
@Command(
    name = "import",
    description = "Import a collection from a file written by 'cairn export'.",
    mixinStandardHelpOptions = true)
final class ImportCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Parameters(index = "0", paramLabel = "FILE", description = "the export file")
  Path file;

  @Option(names = "--as", paramLabel = "NAME", description = "import under this name")
  String name;

  @Option(
      names = "--map",
      paramLabel = "OLD=NEW",
      description = "the folder OLD of the exporting machine is NEW here (repeatable)")
  List<String> maps = List.of();

  @Option(names = "--replace", description = "replace a collection of the same name")
  boolean replace;

  @Override
  public Integer call() throws Exception {
    Map<Path, Path> roots = new LinkedHashMap<>();
    for (String m : maps) {
      int eq = m.indexOf('=');
      if (eq <= 0 || eq == m.length() - 1) {
        throw new CairnCli.UsageException("--map takes OLD=NEW, got '" + m + "'");
      }
      roots.put(Path.of(m.substring(0, eq)), Path.of(m.substring(eq + 1)));
    }
    try {
      String model =
          CollectionImporter.readManifest(file).embeddingModelId() == null
              ? null
              : ModelIdentity.current();
      CollectionImporter.Result r =
          CollectionImporter.importCollection(
              new CollectionImporter.Request(cli.resolvedHome(), file, name, roots, replace, model),
              null);
      cli.out.printf(
          "imported %s as collection '%s': %d files, %d paths mapped, %d missing%n",
          file,
          r.collection(),
          r.manifest().counts().getOrDefault("files", 0L),
          r.moved(),
          r.missing().size());
      for (Path p : r.missing().stream().limit(20).toList()) {
        cli.out.println("missing: " + p);
      }
      if (r.missing().size() > 20) {
        cli.out.println("missing: … and " + (r.missing().size() - 20) + " more");
      }
      return 0;
    } catch (PortableException e) {
      cli.err.println("cairn: " + CairnCli.oneLine(e));
      return e.kind() == PortableException.Kind.NAME_TAKEN
          ? CairnCli.EXIT_USAGE
          : CairnCli.EXIT_FAILURE;
    }
  }
}
