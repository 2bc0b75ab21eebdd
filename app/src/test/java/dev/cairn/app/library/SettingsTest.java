package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void settingsSurviveASaveAndLoadRoundTrip(@TempDir Path home) throws Exception {
    SettingsStore store = new SettingsStore(home);
    Settings s =
        Settings.defaults()
            .withOllamaHost(URI.create("http://10.0.0.2:11434"))
            .withChatModel("ollama:llama3.2")
            .withThreads(3)
            .withHotCacheMegabytes(128)
            .withTheme(Settings.Theme.DARK)
            .withWatchedCollections(List.of("default"));
    store.save(s);
    assertThat(store.load()).isEqualTo(s);
    assertThat(home.resolve("settings.json")).exists();
    try (var files = Files.list(home)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("settings.json");
    }
  }

  @Test
  void missingFileGivesDefaultsAndMissingFieldsAreCompleted(@TempDir Path home) throws Exception {
    SettingsStore store = new SettingsStore(home);
    assertThat(store.load()).isEqualTo(Settings.defaults());
    Files.writeString(home.resolve("settings.json"), "{\"threads\": 2}");
    Settings loaded = store.load();
    assertThat(loaded.threads()).isEqualTo(2);
    assertThat(loaded.ollamaHost()).isEqualTo(Settings.DEFAULT_OLLAMA_HOST);
  }

  @Test
  void brokenFileIsATypedErrorNamingTheFile(@TempDir Path home) throws Exception {
    Files.writeString(home.resolve("settings.json"), "{not json");
    assertThatThrownBy(() -> new SettingsStore(home).load())
        .isInstanceOf(LibraryException.class)
        .hasMessageContaining("settings.json");
  }

  @Test
  void invalidValuesAreRejectedWithTheValue() {
    assertThatThrownBy(() -> Settings.defaults().withThreads(0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> Settings.defaults().withOllamaHost(URI.create("ftp://x")))
        .hasMessageContaining("ftp://x");
  }

  @Test
  void defaultHomeFollowsEachPlatformsConvention() {
    Path user = Path.of("/home/u");
    assertThat(CairnHome.defaultHome("Linux", Map.of("XDG_DATA_HOME", "/data"), user))
        .isEqualTo(Path.of("/data/cairn"));
    assertThat(CairnHome.defaultHome("Linux", Map.of(), user))
        .isEqualTo(Path.of("/home/u/.local/share/cairn"));
    assertThat(CairnHome.defaultHome("Mac OS X", Map.of(), user))
        .isEqualTo(Path.of("/home/u/Library/Application Support/Cairn"));
    assertThat(CairnHome.defaultHome("Windows 11", Map.of("APPDATA", "/appdata"), user))
        .isEqualTo(Path.of("/appdata/Cairn"));
  }

  @Test
  void requestsAreValidatedWhenBuilt() {
    assertThatThrownBy(() -> new SearchRequest("c", "  ", 5, SearchMode.HYBRID, null))
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> new SearchRequest("c", "q", 0, SearchMode.HYBRID, null))
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> SearchMode.parse("fuzzy")).hasMessageContaining("'fuzzy'");
    assertThatThrownBy(() -> new AnswerRequest("c", "q", null, 50)).hasMessageContaining("got 50");
  }
}
