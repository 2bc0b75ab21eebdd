package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every entry of {@code bad_inputs/INDEX.tsv} is ingested and ends with the expected state and a
 * specific reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputsTest {
  private static final String ENC_PDF = "encrypted PDF (password required)";
  private static final String ENC_DOC = "encrypted document (password required)";
  private static final String ENC_ARC = "encrypted archive (password required)";

  /** Expected outcome: state and the start of the reason (null = no reason). */
  record Expect(FileState state, String reason) {}

  private static final Map<String, Expect> EXPECTED = new LinkedHashMap<>();

  static {
    e("tika_test_documents/bad_inputs/testPDF_protected.pdf", FileState.INDEXED, null);
    e("tika_test_documents/bad_inputs/testPassword4Spaces.pdf", FileState.SKIPPED, ENC_PDF);
    e("tika_test_documents/bad_inputs/testUnicodePassword.pdf", FileState.SKIPPED, ENC_PDF);
    e(
        "tika_test_documents/pdf/testPDF_no_extract_no_accessibility_owner_user.pdf",
        FileState.SKIPPED,
        ENC_PDF);
    e(
        "tika_test_documents/pdf/testPDF_no_extract_yes_accessibility_owner_user.pdf",
        FileState.SKIPPED,
        ENC_PDF);
    e(
        "tika_test_documents/pdf/testPDF_no_extract_no_accessibility_owner_empty.pdf",
        FileState.INDEXED,
        null);
    e(
        "tika_test_documents/pdf/testPDF_no_extract_yes_accessibility_owner_empty.pdf",
        FileState.INDEXED,
        null);
    e("unstructured_example_docs/pdf/password.pdf", FileState.SKIPPED, ENC_PDF);
    e("unstructured_example_docs/pdf/copy-protected.pdf", FileState.INDEXED, null);
    e("docling_test_data/pdf_password/sources/2206.01062_pg3.pdf", FileState.SKIPPED, ENC_PDF);
    e(
        "tika_test_documents/bad_inputs/testWORD_protected_passtika.docx",
        FileState.SKIPPED,
        ENC_DOC);
    e("tika_test_documents/bad_inputs/testWORD_protected_passtika.doc", FileState.SKIPPED, ENC_DOC);
    e(
        "tika_test_documents/bad_inputs/testEXCEL_protected_passtika.xlsx",
        FileState.SKIPPED,
        ENC_DOC);
    e(
        "tika_test_documents/bad_inputs/testEXCEL_protected_passtika_2.xlsx",
        FileState.SKIPPED,
        ENC_DOC);
    e(
        "tika_test_documents/bad_inputs/testEXCEL_protected_passtika.xls",
        FileState.SKIPPED,
        ENC_DOC);
    e("tika_test_documents/bad_inputs/testPPT_protected_passtika.pptx", FileState.SKIPPED, ENC_DOC);
    e("tika_test_documents/bad_inputs/testPPT_protected_passtika.ppt", FileState.SKIPPED, ENC_DOC);
    e("tika_test_documents/bad_inputs/protected_normal_case.docx", FileState.SKIPPED, ENC_DOC);
    e("tika_test_documents/bad_inputs/protected_upper_case.docx", FileState.SKIPPED, ENC_DOC);
    e("tika_test_documents/bad_inputs/testWORD_protected_drm.doc", FileState.SKIPPED, ENC_DOC);
    e("tika_test_documents/bad_inputs/testODTEncrypted.odt", FileState.SKIPPED, ENC_DOC);
    e("tika_test_documents/bad_inputs/password.xls", FileState.SKIPPED, ENC_DOC);
    // the zip's other entries are readable; only encrypted.txt is not
    e("tika_test_documents/bad_inputs/testZipEncrypted.zip", FileState.INDEXED, null);
    e("tika_test_documents/bad_inputs/full_encrypted.7z", FileState.SKIPPED, ENC_ARC);
    e("tika_test_documents/bad_inputs/test7Z_protected_passTika.7z", FileState.SKIPPED, ENC_ARC);
    e("tika_test_documents/bad_inputs/testRFC822_encrypted_zip", FileState.INDEXED, null);
    e(
        "tika_test_documents/bad_inputs/testPGPEncrypted.gpg",
        FileState.SKIPPED,
        "encrypted document (PGP)");
    e(
        "tika_test_documents/bad_inputs/testWORD_truncated.docx",
        FileState.FAILED,
        "corrupt: Couldn't find core part");
    e(
        "tika_test_documents/bad_inputs/testZIP_corrupted_oom.zip",
        FileState.SKIPPED,
        "no text content");
    e("tika_test_documents/bad_inputs/testPDF_bad_page_303226.pdf", FileState.INDEXED, null);
    e(
        "tika_test_documents/bad_inputs/testPDF_malformedXFA.pdf",
        FileState.NEEDS_OCR,
        "needs OCR — OCR is off"); // OCR itself: OcrIngestTest
    e("tika_test_documents/bad_inputs/testRTFCorruptListOverride.rtf", FileState.INDEXED, null);
    e("tika_test_documents/bad_inputs/testRTFInvalidUnicode.rtf", FileState.INDEXED, null);
    e(
        "tika_test_documents/bad_inputs/testBrokenHTMLContainingRFC822.html",
        FileState.INDEXED,
        null);
    e(
        "unstructured_example_docs/pdf/invalid-pdf-structure-pdfminer-one-page.pdf",
        FileState.INDEXED,
        null);
    e("unstructured_example_docs/pdf/failure-after-repair.pdf", FileState.INDEXED, null);
    e("unstructured_example_docs/fake-encrypted.msg", FileState.INDEXED, null);
    e("unstructured_example_docs/eml/fake-encrypted.eml", FileState.INDEXED, null);
    e("unstructured_example_docs/eml/empty.eml", FileState.SKIPPED, "no text content");
    e("unstructured_example_docs/eml/fake-email-malformed-encoding.eml", FileState.INDEXED, null);
    e("unstructured_example_docs/empty.txt", FileState.SKIPPED, "empty file");
    e(
        "unstructured_example_docs/fake-text-all-whitespace.txt",
        FileState.SKIPPED,
        "no text content");
    e(
        "pdfs_scanned_ocrmypdf_tests/invalid.pdf",
        FileState.FAILED,
        "corrupt: Missing root object specification in trailer");
    e(
        "apache_poi_test_data/hsmf/clusterfuzz-testcase-minimized-POIHSMFFuzzer-4735011465854976.msg",
        FileState.FAILED,
        "corrupt: ");
    e(
        "apache_poi_test_data/hsmf/clusterfuzz-testcase-minimized-POIHSMFFuzzer-4848576776503296.msg",
        FileState.FAILED,
        "corrupt: ");
    e(
        "apache_poi_test_data/hsmf/clusterfuzz-testcase-minimized-POIHSMFFuzzer-5336473854148608.msg",
        FileState.FAILED,
        "corrupt: ");
    e("apache_poi_test_data/hsmf/53784_fails.msg", FileState.INDEXED, null);
    String d = "bad_inputs/derived_by_truncation/";
    e(
        d + "truncated_40pct__3M_2018_10K.pdf",
        FileState.FAILED,
        "corrupt: Missing root object specification in trailer");
    e(d + "truncated_50pct__word_sample.docx", FileState.INDEXED, null);
    e(d + "truncated_70pct__pg1342.epub", FileState.FAILED, "corrupt: zip END header not found");
    e(d + "truncated_mid_message__enron_sample.mbox", FileState.INDEXED, null);
    e(d + "zero_bytes.pdf", FileState.SKIPPED, "empty file");
    e(d + "zero_bytes.docx", FileState.SKIPPED, "empty file");
    e(d + "zero_bytes.eml", FileState.SKIPPED, "empty file");
    e(d + "html_named_as.pdf", FileState.INDEXED, null);
    e(d + "docx_named_as.pdf", FileState.INDEXED, null);
  }

  private static void e(String path, FileState state, String reason) {
    EXPECTED.put(path, new Expect(state, reason));
  }

  DocumentStore store;
  IngestSummary summary;

  @BeforeAll
  void ingestEveryBadInput(@TempDir Path tmp) throws Exception {
    store = DocumentStore.open(tmp.resolve("documents.sqlite"));
    List<Path> roots = new ArrayList<>();
    for (String line : Files.readAllLines(TestData.doc("bad_inputs/INDEX.tsv")).subList(1, 50)) {
      String p = line.split("\t")[0];
      roots.add(TestData.shared().resolve(p));
    }
    assertThat(roots).hasSize(49);
    try (Ingestor ing =
        new Ingestor(store, IngestOptions.builder().workerThreads(2).ocr(OcrOptions.OFF).build())) {
      summary = ing.ingest(roots, IngestListener.NONE, new CancellationToken());
    }
  }

  @AfterAll
  void close() {
    store.close();
  }

  @Test
  void everyIndexEntryIsCoveredByAnExpectation() throws Exception {
    for (String line : Files.readAllLines(TestData.doc("bad_inputs/INDEX.tsv")).subList(1, 50)) {
      String p = line.split("\t")[0].substring("docs/".length());
      if (!p.endsWith("/")) {
        assertThat(EXPECTED).as("expectation for " + p).containsKey(p);
      }
    }
  }

  @Test
  void everyBadInputEndsWithItsExpectedStateAndReason() {
    for (Map.Entry<String, Expect> e : EXPECTED.entrySet()) {
      Optional<FileRecord> r = store.file(TestData.docs().resolve(e.getKey()));
      assertThat(r).as("status of " + e.getKey()).isPresent();
      FileRecord f = r.get();
      if (f.state() == FileState.DUPLICATE && e.getValue().state() == FileState.INDEXED) {
        // The same text as another bad input (two Tika PDFs differ only in their permissions):
        // stored once, through the file it names.
        f = store.file(Path.of(f.reason().substring("duplicate of ".length()))).orElseThrow();
      }
      assertThat(f.state())
          .as("state of " + e.getKey() + " (" + f.reason() + ")")
          .isEqualTo(e.getValue().state());
      if (e.getValue().reason() == null) {
        assertThat(f.reason()).as("reason of " + e.getKey()).isNull();
        assertThat(f.chunks()).as("chunks of " + e.getKey()).isPositive();
      } else {
        assertThat(f.reason()).as("reason of " + e.getKey()).startsWith(e.getValue().reason());
        assertThat(f.chunks()).isZero();
      }
    }
  }

  @Test
  void malformedRealWorldEmailsAreAllIndexedAsMessages() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(TestData.doc("emails_edge_cases_mikel_mail/error_emails"))) {
      files = s.toList();
    }
    assertThat(files).hasSize(28);
    for (Path f : files) {
      FileRecord r = store.file(f).orElseThrow();
      // Two of them are one message (same Message-ID and text) saved twice: stored once.
      assertThat(r.state()).as(f + " " + r.reason()).isIn(FileState.INDEXED, FileState.DUPLICATE);
      assertThat(store.documents(f).get(0).mediaType()).isEqualTo("message/rfc822");
    }
  }

  @Test
  void misnamedFilesAreReadByTheirContentAndATruncatedMboxKeepsItsWholeMessages() {
    Path d = TestData.docs().resolve("bad_inputs/derived_by_truncation");
    assertThat(store.documents(d.resolve("html_named_as.pdf")).get(0).mediaType())
        .isEqualTo("text/html");
    assertThat(store.documents(d.resolve("docx_named_as.pdf")).get(0).mediaType())
        .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    // cut at a third of 1,289 messages
    assertThat(store.documents(d.resolve("truncated_mid_message__enron_sample.mbox")))
        .hasSizeBetween(420, 440 + 100);
  }

  @Test
  void nothingIsLeftPendingAndEveryFailureHasASpecificReason() {
    assertThat(store.files(Optional.of(FileState.PENDING))).isEmpty();
    for (FileRecord r : store.files(Optional.empty())) {
      if (r.state() != FileState.INDEXED) {
        assertThat(r.reason()).as(r.path().toString()).isNotBlank().isNotEqualTo("corrupt: ");
      }
    }
    assertThat(summary.failed()).isEqualTo(7);
  }
}
