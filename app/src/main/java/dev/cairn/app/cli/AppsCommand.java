package dev.cairn.app.cli;

import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.server.ClientConfig;
import dev.cairn.app.server.ServerSettings;
import dev.cairn.app.server.ServerSettingsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cairn apps [expose NAME... | hide NAME... | config CLIENT]}: which collections other apps
 * may see through {@code cairn mcp} and {@code cairn serve} (none until the user exposes one), and
 * the configuration snippet for an assistant. The same choice as Settings → Connected apps.
 */
@Command(
    name = "apps",
    description = "Show or change which collections other apps (assistants, editors) may search.",
    mixinStandardHelpOptions = true,
    subcommands = {AppsCommand.Expose.class, AppsCommand.Hide.class, AppsCommand.Config.class})
final class AppsCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Override
  public Integer call() throws Exception {
    try (LibraryService library = cli.openLibrary()) {
      ServerSettings s = new ServerSettingsStore(library.home()).load();
      cli.out.println(
          "shared with other apps (read-only): "
              + (s.exposedCollections().isEmpty()
                  ? "nothing — `cairn apps expose NAME` shares a collection"
                  : String.join(", ", s.exposedCollections())));
      cli.out.println(
          "http server port: " + s.port() + (s.serverEnabled() ? " (on in the window)" : ""));
      return 0;
    }
  }

  /** {@code cairn apps expose NAME...}. */
  @Command(name = "expose", description = "Share collections with other apps (read-only).")
  static final class Expose implements Callable<Integer> {
    @ParentCommand AppsCommand apps;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "collections to share")
    List<String> names;

    @Override
    public Integer call() throws Exception {
      CairnCli cli = apps.cli;
      try (LibraryService library = cli.openLibrary()) {
        List<String> existing = library.collections().stream().map(CollectionInfo::name).toList();
        ServerSettingsStore store = new ServerSettingsStore(library.home());
        ServerSettings s = store.load();
        List<String> exposed = new ArrayList<>(s.exposedCollections());
        for (String name : names) {
          if (!existing.contains(name)) {
            throw new CairnCli.UsageException(
                "no collection '" + name + "' (collections: " + String.join(", ", existing) + ")");
          }
          if (!exposed.contains(name)) {
            exposed.add(name);
          }
        }
        store.save(s.withExposedCollections(exposed));
        cli.out.println("shared with other apps: " + String.join(", ", exposed));
        return 0;
      }
    }
  }

  /** {@code cairn apps hide NAME...}. */
  @Command(name = "hide", description = "Stop sharing collections with other apps.")
  static final class Hide implements Callable<Integer> {
    @ParentCommand AppsCommand apps;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "collections to hide")
    List<String> names;

    @Override
    public Integer call() throws Exception {
      CairnCli cli = apps.cli;
      ServerSettingsStore store = new ServerSettingsStore(cli.resolvedHome());
      ServerSettings s = store.load();
      List<String> exposed = new ArrayList<>(s.exposedCollections());
      exposed.removeAll(names);
      store.save(s.withExposedCollections(exposed));
      cli.out.println(
          "shared with other apps: "
              + (exposed.isEmpty() ? "nothing" : String.join(", ", exposed)));
      return 0;
    }
  }

  /** {@code cairn apps config claude|vscode|http}. */
  @Command(name = "config", description = "Print the configuration snippet for an assistant.")
  static final class Config implements Callable<Integer> {
    @ParentCommand AppsCommand apps;

    @Parameters(
        index = "0",
        paramLabel = "CLIENT",
        description = "claude (Claude Desktop), vscode (VS Code), or http (cairn serve)")
    String client;

    @Option(names = "--launcher", paramLabel = "PATH", description = "the cairn command to run")
    String launcher;

    @Override
    public Integer call() throws Exception {
      CairnCli cli = apps.cli;
      ServerSettings s = new ServerSettingsStore(cli.resolvedHome()).load();
      ClientConfig config =
          new ClientConfig(
              launcher != null ? launcher : ClientConfig.defaultLauncher(),
              cli.home == null ? null : cli.resolvedHome(),
              s.port());
      try {
        cli.out.println(config.snippet(ClientConfig.Client.parse(client)));
      } catch (IllegalArgumentException e) {
        throw new CairnCli.UsageException(e.getMessage());
      }
      return 0;
    }
  }
}
