package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayCheckTest {
  @Test
  void aMissingGtkNamesThePackageToInstall() {
    assertThat(DisplayCheck.problem(false, ":0", null))
        .hasValueSatisfying(
            m -> assertThat(m).contains("GTK 3").contains("sudo apt install libgtk-3-0"));
  }

  @Test
  void noDisplayAndNoWaylandSaysSoInOneLine() {
    assertThat(DisplayCheck.problem(true, null, " "))
        .hasValueSatisfying(m -> assertThat(m).contains("DISPLAY").doesNotContain("\n"));
  }

  @Test
  void eitherDisplayIsEnough() {
    assertThat(DisplayCheck.problem(true, ":1", null)).isEmpty();
    assertThat(DisplayCheck.problem(true, null, "wayland-0")).isEmpty();
  }

  @Test
  void anUnknownLibraryDoesNotLoadAndLibcDoes() {
    assertThat(DisplayCheck.libraryLoads("libcairn-does-not-exist.so.9")).isFalse();
    assertThat(DisplayCheck.libraryLoads("libc.so.6")).isTrue();
  }
}
