package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCR through the real Tesseract (installed by {@code .ci/run}) on real scanned PDFs. */
class OcrIngestTest {
  @TempDir Path tmp;

  private static void requireTesseract() {
    OcrSupport s = OcrSupport.probe(null);
    assumeTrue(
        s.available(), "Tesseract is not installed (" + s.problem() + "); .ci/run installs it");
  }

  /** A PNG with a few words in a large font, as a phone photo of a note would have. */
  private static Path renderPng(Path file, String... lines) throws Exception {
    BufferedImage img =
        new BufferedImage(1400, 200 + 120 * lines.length, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 72));
    for (int i = 0; i < lines.length; i++) {
      g.drawString(lines[i], 60, 150 + 120 * i);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  private static final class Recorder implements IngestListener {
    final List<String> done = new CopyOnWriteArrayList<>();
    final List<OcrProgress> ocr = new CopyOnWriteArrayList<>();

    @Override
    public void fileDone(FileRecord r) {
      done.add(r.path().getFileName().toString());
    }

    @Override
    public void ocrProgress(OcrProgress p) {
      ocr.add(p);
    }
  }

  private DocumentStore ingest(Path folder, OcrOptions ocr, IngestListener l) throws Exception {
    DocumentStore store = DocumentStore.open(tmp.resolve("store-" + System.nanoTime() + ".sqlite"));
    try (Ingestor ing = new Ingestor(store, IngestOptions.builder().ocr(ocr).build())) {
      ing.ingest(List.of(folder), l, null);
    }
    return store;
  }

  private FileRecord state(DocumentStore store, Path file) {
    return store.file(file.toAbsolutePath()).orElseThrow();
  }

  @Test
  void aWordOnAScannedPdfPageIsFoundByLexicalSearchWithItsPage() throws Exception {
    requireTesseract();
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Path pdf = docs.resolve("linn.pdf");
    Files.copy(TestData.doc("pdfs_scanned_ocrmypdf_tests/linn.pdf"), pdf);
    try (DocumentStore store = ingest(docs, OcrOptions.DEFAULT, null)) {
      assertThat(state(store, pdf).state()).isEqualTo(FileState.INDEXED);
      List<LexicalHit> hits = store.lexicalSearch("LinnSequencer", 5, ChunkFilter.NONE);
      assertThat(hits).isNotEmpty();
      ChunkRecord c = store.chunk(hits.getFirst().chunkId()).orElseThrow();
      assertThat(c.provenance().page()).isEqualTo(1);
      assertThat(c.provenance().mediaType()).isEqualTo("application/pdf");
      assertThat(c.text()).containsIgnoringCase("sequencer");
    }
  }

  @Test
  void aPngWithTextIsReadAndRunsAfterTheTextFilesWithItsOwnProgress() throws Exception {
    requireTesseract();
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Path png = renderPng(docs.resolve("note.png"), "ZEBRAFISH INVOICE", "Total due 4711 euros");
    Files.writeString(docs.resolve("plain.txt"), "A plain note about apples.\n");
    Recorder rec = new Recorder();
    try (DocumentStore store = ingest(docs, OcrOptions.DEFAULT, rec)) {
      assertThat(state(store, png).state()).isEqualTo(FileState.INDEXED);
      assertThat(store.lexicalSearch("zebrafish", 5, ChunkFilter.NONE)).hasSize(1);
      assertThat(rec.done).containsExactly("plain.txt", "note.png");
      assertThat(rec.ocr.getFirst()).isEqualTo(new OcrProgress(1, 0, null));
      assertThat(rec.ocr.getLast()).isEqualTo(new OcrProgress(1, 1, null));
    }
  }

  @Test
  void withoutTesseractScannedFilesGetNeedsOcrWithTheInstallCommand() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Path pdf = docs.resolve("linn.pdf");
    Files.copy(TestData.doc("pdfs_scanned_ocrmypdf_tests/linn.pdf"), pdf);
    Path png = renderPng(docs.resolve("note.png"), "HELLO");
    Path text = Files.writeString(docs.resolve("plain.txt"), "Text files do not need OCR.\n");
    OcrOptions hidden = OcrOptions.DEFAULT.withTesseract(tmp.resolve("no-such/tesseract"));
    try (DocumentStore store = ingest(docs, hidden, null)) {
      for (Path p : List.of(pdf, png)) {
        FileRecord r = state(store, p);
        assertThat(r.state()).as(p.toString()).isEqualTo(FileState.NEEDS_OCR);
        assertThat(r.reason()).startsWith("needs OCR — install Tesseract (`");
      }
      assertThat(state(store, text).state()).isEqualTo(FileState.INDEXED);
      assertThat(store.files(Optional.of(FileState.NEEDS_OCR))).hasSize(2);
    }
  }

  @Test
  void aPdfWithSomeScannedPagesKeepsItsTextPagesAndNamesThePagesThatNeedOcr() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Path pdf = docs.resolve("multipage.pdf");
    Files.copy(TestData.doc("pdfs_scanned_ocrmypdf_tests/multipage.pdf"), pdf);
    OcrOptions hidden = OcrOptions.DEFAULT.withTesseract(tmp.resolve("no-such/tesseract"));
    try (DocumentStore store = ingest(docs, hidden, null)) {
      FileRecord r = state(store, pdf);
      assertThat(r.state()).isEqualTo(FileState.INDEXED);
      assertThat(r.reason()).matches("pages? [0-9, ]+: needs OCR — install Tesseract \\(`.*`\\)");
      assertThat(store.chunksOfFile(pdf)).isNotEmpty().allMatch(c -> c.provenance().page() >= 1);
    }
  }

  @Test
  void withOcrOffScannedFilesSayOcrIsOff() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Path png = renderPng(docs.resolve("note.png"), "HELLO");
    try (DocumentStore store = ingest(docs, OcrOptions.OFF, null)) {
      FileRecord r = state(store, png);
      assertThat(r.state()).isEqualTo(FileState.NEEDS_OCR);
      assertThat(r.reason()).isEqualTo("needs OCR — OCR is off in Settings");
    }
  }

  @Test
  void aMissingLanguagePackIsNamedInTheStatus() throws Exception {
    requireTesseract();
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Path png = renderPng(docs.resolve("note.png"), "HELLO");
    OcrOptions klingon = OcrOptions.DEFAULT.withLanguages(List.of("tlhxx"));
    try (DocumentStore store = ingest(docs, klingon, null)) {
      FileRecord r = state(store, png);
      assertThat(r.state()).isEqualTo(FileState.NEEDS_OCR);
      assertThat(r.reason()).contains("not installed: [tlhxx]");
    }
  }

  /** A real process standing in for a Tesseract that hangs (or crashes) on every page. */
  private Path brokenTesseract(String behaviour) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin-" + System.nanoTime()));
    Path exe = bin.resolve("tesseract");
    Files.writeString(
        exe,
        """
        #!/bin/sh
        if [ "$1" = "--list-langs" ]; then
          echo 'List of available languages in "%s/" (1):'
          echo eng
          exit 0
        fi
        if [ -z "$1" ]; then exit 0; fi
        %s
        """
            .formatted(tmp, behaviour));
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    return exe;
  }

  @Test
  void aTesseractThatHangsOnAPageIsStoppedByThePageTimeout() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Path png = renderPng(docs.resolve("note.png"), "HELLO");
    OcrOptions hanging =
        OcrOptions.DEFAULT
            .withTesseract(brokenTesseract("exec sleep 60"))
            .withPageTimeout(Duration.ofSeconds(1));
    long start = System.nanoTime();
    try (DocumentStore store = ingest(docs, hanging, null)) {
      FileRecord r = state(store, png);
      assertThat(r.state()).isEqualTo(FileState.FAILED);
      assertThat(r.reason()).startsWith("OCR failed on page 1: ");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(50));
  }

  @Test
  void aTesseractThatCrashesFailsTheFileWithTheReason() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Path png = renderPng(docs.resolve("note.png"), "HELLO");
    Path text = Files.writeString(docs.resolve("plain.txt"), "Still indexed.\n");
    OcrOptions crashing = OcrOptions.DEFAULT.withTesseract(brokenTesseract("exit 3"));
    try (DocumentStore store = ingest(docs, crashing, null)) {
      FileRecord r = state(store, png);
      assertThat(r.state()).isEqualTo(FileState.FAILED);
      assertThat(r.reason()).startsWith("OCR failed on page 1: ");
      assertThat(state(store, text).state()).isEqualTo(FileState.INDEXED);
    }
  }

  @Test
  void aHugePageIsRenderedUnderThePixelCap() {
    OcrExtractor ocr = new OcrExtractor(OcrOptions.DEFAULT);
    assertThat(ocr.dpiFor(8.5, 11)).isEqualTo(300f);
    float poster = ocr.dpiFor(40, 60);
    assertThat((double) poster * poster * 40 * 60).isLessThanOrEqualTo(12_000_000 * 1.001);
  }

  @Test
  void pagesWithTextAreNotOcrdAgain() {
    List<Section> sections =
        List.of(
            new Section("A page with plenty of real text on it.", 1, null),
            new Section("7", 2, null),
            new Section("More text here on page four, enough letters.", 4, null));
    assertThat(OcrExtractor.pagesWithoutText(sections, 4)).containsExactly(2, 3);
    assertThat(OcrExtractor.pagesWithoutText(List.of(), 0)).isEmpty();
  }
}
