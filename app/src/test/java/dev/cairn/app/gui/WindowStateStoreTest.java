package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowStateStoreTest {
  @TempDir Path home;

  @Test
  void aSavedStateIsReadBackExactly() {
    WindowStateStore store = new WindowStateStore(home.resolve("window.json"));
    WindowState state = new WindowState(40, 60, 1300, 850, true, Screen.CHAT.name());
    store.save(state);
    assertThat(store.load()).isEqualTo(state);
    assertThat(home.resolve("window.json.tmp")).doesNotExist();
  }

  @Test
  void aMissingFileGivesTheDefaults() {
    assertThat(new WindowStateStore(home.resolve("none.json")).load())
        .isEqualTo(WindowState.defaults());
  }

  @Test
  void aBrokenFileGivesTheDefaultsInsteadOfRefusingToStart() throws Exception {
    Path file = home.resolve("window.json");
    Files.writeString(file, "{ \"width\": -5, ");
    assertThat(new WindowStateStore(file).load()).isEqualTo(WindowState.defaults());
    Files.writeString(file, "{\"x\":1,\"y\":2,\"width\":0,\"height\":10,\"screen\":\"SEARCH\"}");
    assertThat(new WindowStateStore(file).load()).isEqualTo(WindowState.defaults());
  }

  @Test
  void anUnknownScreenNameFallsBackToTheLibrary() {
    assertThat(new WindowState(0, 0, 900, 600, false, "GONE").screenOrDefault())
        .isEqualTo(Screen.LIBRARY);
  }

  @Test
  void aNonPositiveSizeIsRejectedWithTheValues() {
    assertThatThrownBy(() -> new WindowState(0, 0, 0, 600, false, "LIBRARY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0x600.0");
  }
}
