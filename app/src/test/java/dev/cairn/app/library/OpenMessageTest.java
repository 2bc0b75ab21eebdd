package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.app.gui.CurrentThreadTaskExecutor;
import dev.cairn.app.gui.DesktopApps;
import dev.cairn.app.gui.FileToOpen;
import dev.cairn.app.gui.PdfPageRenderer;
import dev.cairn.app.gui.PreviewViewModel;
import dev.cairn.ingest.mail.MboxWriter;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Open" on a search result hands the desktop a file holding that message alone, for every mail
 * container: an mbox's and a PST's message extracted to a {@code .eml} in the private cache under
 * Cairn's home, a Maildir message's file copied to a {@code .eml} (found by its key after a flag
 * change), an Apple Mail message's own {@code .emlx}, a single {@code .eml} itself. Real
 * linux-s390, Enron, Tika {@code .emlx} and PST messages, indexed by the real library; no mail
 * client is started (the desktop records the file it was given).
 */
class OpenMessageTest {
  static final String C = "mail";
  @TempDir static Path temp;
  static DefaultLibraryService library;
  static Path home;
  static Path docs;
  static List<Path> s390 = new ArrayList<>();
  static List<Path> enron = new ArrayList<>();

  @BeforeAll
  static void index() throws Exception {
    Path data = TestCorpus.sharedData().resolve("docs");
    docs = temp.resolve("docs");
    Path mbox = Files.createDirectories(docs.resolve("mbox")).resolve("lists.mbox");
    try (OutputStream out = Files.newOutputStream(mbox)) {
      for (String n : List.of("0002", "0046", "0075")) {
        Path eml = data.resolve("emails_mailing_list_linux_s390/eml/" + n + ".eml");
        s390.add(eml);
        MboxWriter.append(
            out, "From MAILER-DAEMON Thu Jul  9 10:00:00 2026", Files.readAllBytes(eml));
      }
    }
    Path md = docs.resolve("maildir/Maildir");
    for (String s : List.of("cur", "new", "tmp")) {
      Files.createDirectories(md.resolve(s));
    }
    for (int i = 1; i <= 3; i++) {
      Path src = data.resolve("emails_enron_sample/maildir/kitchen-l/inbox/" + i);
      enron.add(src);
      Files.copy(
          src,
          md.resolve(i == 3 ? "new" : "cur")
              .resolve("170000000" + i + ".M1.cairn" + (i == 3 ? "" : ":2,S")));
    }
    Path messages = Files.createDirectories(docs.resolve("apple/Work.mbox/ABC/Data/Messages"));
    Files.copy(
        data.resolve("tika_test_documents/email/testEMLX.emlx"), messages.resolve("101.emlx"));
    Files.copy(
        data.resolve("tika_test_documents/email/testPST.pst"),
        Files.createDirectories(docs.resolve("pst")).resolve("outlook.pst"));
    // not one of the mbox's messages: a copy would be one result shown at its first place
    Files.copy(
        data.resolve("emails_mailing_list_linux_s390/eml/0100.eml"),
        Files.createDirectories(docs.resolve("single")).resolve("one.eml"));
    // 0046 of the mbox is also a saved .eml: one result, two places
    Files.copy(s390.get(1), Files.createDirectories(docs.resolve("saved")).resolve("saved.eml"));
    home = temp.resolve("home");
    library = DefaultLibraryService.open(home);
    library.index(C, List.of(docs), IndexingListener.NONE).await();
    // a client reads a message after indexing: cur/...:2,S becomes cur/...:2,RS
    Files.move(
        md.resolve("cur/1700000001.M1.cairn:2,S"), md.resolve("cur/1700000001.M1.cairn:2,RS"));
  }

  @AfterAll
  static void close() {
    if (library != null) {
      library.close();
    }
  }

  static List<ResultItem> resultsIn(String folder) throws Exception {
    SearchFilter f =
        new SearchFilter(docs.resolve(folder).toString(), null, null, null, null, null);
    List<ResultItem> r =
        library
            .search(new SearchRequest(C, "message about the project", 50, SearchMode.VECTOR, f))
            .items();
    assertThat(r).as("results in " + folder).isNotEmpty();
    return r;
  }

  static Path open(ResultItem r) throws Exception {
    return library.fileToOpen(C, r.path(), r.chunkId());
  }

  static void assertInPrivateCache(Path eml) throws Exception {
    assertThat(eml.getFileName().toString()).endsWith(".eml");
    assertThat(eml.getParent()).isEqualTo(home.resolve("cache/messages"));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(eml.getParent())))
          .isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(eml)))
          .isEqualTo("rw-------");
    }
  }

  static String header(byte[] message, String name) {
    String head = new String(message, StandardCharsets.ISO_8859_1).split("\r?\n\r?\n", 2)[0];
    Matcher m =
        Pattern.compile("(?im)^" + Pattern.quote(name) + ":[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)")
            .matcher(head);
    return m.find() ? m.group(1).replaceAll("\\s+", " ").strip() : null;
  }

  static String bare(String id) {
    return id == null ? null : id.strip().replaceAll("^<|>$", "");
  }

  @Test
  void anMboxMessageOpensAsItsOwnEmlInThePrivateCache() throws Exception {
    List<Path> opened = new ArrayList<>();
    Path mbox = docs.resolve("mbox/lists.mbox");
    for (ResultItem r : resultsIn("mbox")) {
      // 0046 is also saved as an .eml: its result may be shown there, the mailbox is another place
      assertThat(r.path().equals(mbox.toAbsolutePath()) || r.alsoIn().contains(mbox)).isTrue();
      Path eml = library.fileToOpen(C, mbox, r.chunkId());
      assertInPrivateCache(eml);
      byte[] b = Files.readAllBytes(eml);
      assertThat(bare(header(b, "Message-ID"))).isEqualTo(bare(r.messageId()));
      Path original =
          s390.stream()
              .filter(
                  p -> {
                    try {
                      return bare(header(Files.readAllBytes(p), "Message-ID"))
                          .equals(bare(r.messageId()));
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .findFirst()
              .orElseThrow();
      assertThat(new String(b, StandardCharsets.UTF_8).strip())
          .isEqualTo(new String(Files.readAllBytes(original), StandardCharsets.UTF_8).strip());
      opened.add(eml);
    }
    assertThat(opened.stream().distinct().count()).isEqualTo(3);
  }

  @Test
  void aMaildirMessageOpensAsACopyOfItsFileEvenAfterAFlagChange() throws Exception {
    List<Path> opened = new ArrayList<>();
    for (ResultItem r : resultsIn("maildir")) {
      Path eml = open(r);
      assertInPrivateCache(eml);
      byte[] b = Files.readAllBytes(eml);
      assertThat(enron.stream().filter(p -> same(p, b)).count())
          .as("the .eml is byte for byte one of the Maildir's messages")
          .isEqualTo(1);
      opened.add(eml);
    }
    assertThat(opened.stream().distinct().count()).isEqualTo(3);
  }

  static boolean same(Path p, byte[] b) {
    try {
      return java.util.Arrays.equals(Files.readAllBytes(p), b);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anAppleMailMessageOpensItsOwnEmlxFile() throws Exception {
    for (ResultItem r : resultsIn("apple")) {
      assertThat(open(r))
          .isEqualTo(docs.resolve("apple/Work.mbox/ABC/Data/Messages/101.emlx").toAbsolutePath());
    }
  }

  @Test
  void aPstMessageOpensAsAMimeEmlWithItsSubject() throws Exception {
    List<String> subjects = new ArrayList<>();
    for (ResultItem r : resultsIn("pst")) {
      Path eml = open(r);
      assertInPrivateCache(eml);
      byte[] b = Files.readAllBytes(eml);
      assertThat(header(b, "From")).as(new String(b, StandardCharsets.UTF_8)).isNotBlank();
      String subject = header(b, "Subject");
      assertThat(subject).isNotNull();
      if (r.messageId() != null || "message/rfc822".equals(r.mediaType())) {
        assertThat(subject.toLowerCase(Locale.ROOT))
            .contains(r.title().strip().toLowerCase(Locale.ROOT));
      }
      subjects.add(subject);
    }
    assertThat(subjects).isNotEmpty();
  }

  @Test
  void aSingleEmlOpensItself() throws Exception {
    for (ResultItem r : resultsIn("single")) {
      assertThat(open(r)).isEqualTo(docs.resolve("single/one.eml").toAbsolutePath());
    }
  }

  @Test
  void theOpenActionOfThePreviewHandsTheDesktopTheExtractedMessage() throws Exception {
    Path mbox = docs.resolve("mbox/lists.mbox").toAbsolutePath();
    ResultItem r =
        resultsIn("mbox").stream().filter(x -> x.path().equals(mbox)).findFirst().orElseThrow();
    List<Path> handed = new ArrayList<>();
    DesktopApps recording =
        new DesktopApps() {
          @Override
          public boolean canBrowse() {
            return false;
          }

          @Override
          public boolean canOpen() {
            return true;
          }

          @Override
          public void browse(URI link) {
            throw new AssertionError("nothing is browsed");
          }

          @Override
          public void open(Path file) {
            handed.add(file);
          }
        };
    FileToOpen files = (place, chunkId) -> () -> library.fileToOpen(C, place, chunkId);
    PreviewViewModel vm =
        new PreviewViewModel(
            new CurrentThreadTaskExecutor(), new PdfPageRenderer(72), recording, files);
    vm.show(r);
    vm.openInSystemApp();
    assertThat(vm.errorProperty().get()).isNull();
    assertThat(handed).containsExactly(open(r));
    assertThat(handed.getFirst()).isNotEqualTo(r.path());
    assertThat(vm.messageProperty().get())
        .startsWith("Opened ")
        .endsWith(".eml in its application.");
  }

  @Test
  void eachPlaceOfAMessageStoredTwiceOpensItsOwnFile() throws Exception {
    Path saved = docs.resolve("saved/saved.eml").toAbsolutePath();
    Path mbox = docs.resolve("mbox/lists.mbox").toAbsolutePath();
    ResultItem r =
        resultsIn("saved").stream()
            .filter(x -> x.alsoIn().contains(mbox) || x.alsoIn().contains(saved))
            .findFirst()
            .orElseThrow();
    assertThat(List.of(r.path(), r.alsoIn().getFirst())).containsExactlyInAnyOrder(saved, mbox);
    assertThat(library.fileToOpen(C, saved, r.chunkId())).isEqualTo(saved);
    Path eml = library.fileToOpen(C, mbox, r.chunkId());
    assertInPrivateCache(eml);
    assertThat(new String(Files.readAllBytes(eml), StandardCharsets.UTF_8).strip())
        .isEqualTo(new String(Files.readAllBytes(saved), StandardCharsets.UTF_8).strip());
  }

  @Test
  void aMailboxRewrittenSinceIndexingIsRefusedWithTheReason() throws Exception {
    ResultItem r = resultsIn("mbox").getLast();
    Path mbox = docs.resolve("mbox/lists.mbox");
    byte[] before = Files.readAllBytes(mbox);
    try {
      Files.write(
          mbox,
          "From nobody Thu Jul  9 10:00:00 2026\nSubject: x\n\nshort\n"
              .getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> library.fileToOpen(C, mbox, r.chunkId()))
          .isInstanceOf(LibraryException.class)
          .hasMessageContaining("changed since it was indexed")
          .hasMessageContaining("re-index");
    } finally {
      Files.write(mbox, before);
    }
  }
}
