package dev.cairn.app.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The Debian package recommends Tesseract (OCR of scanned pages and photos): the control template
 * jpackage uses ({@code packaging/linux/control}) has {@code tesseract-ocr} in its Recommends, and
 * the build hands jpackage that folder as its resource directory, so the template is the one used.
 * ({@code packaging/test-deb.sh} checks the same field in a built {@code .deb}.)
 */
class DebControlTest {
  private static final Path PACKAGING = Path.of("..", "packaging");

  @org.junit.jupiter.api.Test
  void theDebianControlTemplateRecommendsTesseract() throws Exception {
    Path control = PACKAGING.resolve("linux/control");
    assertThat(control).as("the .deb control template").isRegularFile();
    List<String> recommends =
        Files.readAllLines(control).stream()
            .filter(l -> l.startsWith("Recommends:"))
            .flatMap(l -> Arrays.stream(l.substring("Recommends:".length()).split(",")))
            .map(p -> p.replaceAll("\\(.*\\)", "").strip())
            .toList();
    assertThat(recommends)
        .as("Recommends of " + control.toAbsolutePath())
        .contains("tesseract-ocr");
  }

  @org.junit.jupiter.api.Test
  void theLinuxBuildUsesThatTemplate() throws Exception {
    String build = Files.readString(PACKAGING.resolve("build.sh"));
    assertThat(build).contains("--resource-dir \"$root/packaging/linux\"");
  }
}
