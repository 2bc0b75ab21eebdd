package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.ResultItem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tools' result rows name every other place of a result's document ({@code also_in}). */
class PassagesTest {
  private static ResultItem item(List<Path> alsoIn) {
    return new ResultItem(
        1,
        0.5,
        7L,
        "In the IBM Z machine generation z17 the s390x architecture does have a VSIE facility.",
        "the s390x architecture",
        List.of("s390x"),
        Path.of("/home/ana/Mail/linux-s390.mbox"),
        0,
        "[PATCH 00/21] KVM: s390: vsie: Add VSIE SIGP Interpretation",
        null,
        "<20260709-vsie-sigpi-v1-0-ea9f12066408@linux.ibm.com>",
        "Christoph Schlameuss",
        Instant.parse("2026-07-09T10:00:00Z"),
        "message/rfc822",
        alsoIn,
        null);
  }

  @Test
  void aResultRowListsTheOtherPlacesOfItsDocument() {
    Path eml = Path.of("/home/ana/Saved/cover letter.eml");
    Map<String, Object> row = Passages.json(item(List.of(eml)));
    assertThat(row.get("path")).isEqualTo("/home/ana/Mail/linux-s390.mbox");
    assertThat(row.get("also_in")).isEqualTo(List.of(eml.toString()));
  }

  @Test
  void aResultWithoutCopiesHasAnEmptyAlsoIn() {
    assertThat(Passages.json(item(List.of())).get("also_in")).isEqualTo(List.of());
  }
}
