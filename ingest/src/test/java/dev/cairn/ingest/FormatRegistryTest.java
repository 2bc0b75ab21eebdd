package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry hands each real file to its format family; refused and unknown types fail clearly.
 */
class FormatRegistryTest {
  private final FormatRegistry registry = new FormatRegistry(new TikaParse());

  private Class<?> familyOf(Path file) throws Exception {
    try (DetectedFile d = registry.detect(file)) {
      return registry.pick(d).getClass();
    }
  }

  @Test
  void eachRealFileGoesToItsFamily() throws Exception {
    Path docs = TestData.doc("tika_test_documents");
    assertThat(familyOf(docs.resolve("ebook/testEPUB.epub"))).isEqualTo(EpubFormat.class);
    assertThat(familyOf(TestData.doc("emails_mailing_list_linux_s390").resolve("eml/0056.eml")))
        .isEqualTo(EmailFormat.class);
    assertThat(familyOf(docs.resolve("text/english.txt"))).isEqualTo(PlainTextFormat.class);
    assertThat(familyOf(docs.resolve("bad_inputs/testPGPEncrypted.gpg")))
        .isEqualTo(RefusedFormat.class);
    assertThat(familyOf(docs.resolve("bad_inputs/testWORD_truncated.docx")))
        .isEqualTo(TikaFormat.class);
    assertThat(familyOf(TestData.doc("unstructured_example_docs").resolve("codeblock.md")))
        .isEqualTo(MarkdownFormat.class);
  }

  @Test
  void anEmptyFileIsPlainTextWithNoContent() throws Exception {
    Path empty = TestData.doc("unstructured_example_docs").resolve("empty.txt");
    assertThat(familyOf(empty)).isEqualTo(PlainTextFormat.class);
  }

  @Test
  void aBrokenFileFailsWithTheReason() {
    Path broken = TestData.doc("tika_test_documents").resolve("bad_inputs/testWORD_truncated.docx");
    assertThatThrownBy(() -> registry.extract(broken, new ExtractionBudget(1_000_000, 763)))
        .isInstanceOfSatisfying(
            UnsupportedDocumentException.class,
            e -> {
              assertThat(e.state()).isEqualTo(FileState.FAILED);
              assertThat(e.reason()).startsWith("corrupt: ");
            });
  }

  @Test
  void anUnknownBinaryTypeIsSkippedWithItsType(@TempDir Path tmp) throws Exception {
    Path blob = Files.write(tmp.resolve("blob.bin"), new byte[] {0, 1, 2, 3, (byte) 0xFF, 0, 7});
    assertThat(familyOf(blob)).isEqualTo(UnsupportedFormat.class);
    assertThatThrownBy(() -> registry.extract(blob, new ExtractionBudget(1_000_000, 7)))
        .isInstanceOfSatisfying(
            UnsupportedDocumentException.class,
            e -> {
              assertThat(e.state()).isEqualTo(FileState.SKIPPED);
              assertThat(e.reason()).isEqualTo("unsupported file type: application/octet-stream");
            });
  }
}
