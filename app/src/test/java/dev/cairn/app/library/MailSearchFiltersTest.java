package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.ingest.mail.MboxWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mail operators written in the query ({@code from:}, {@code to:}, {@code folder:}, {@code
 * after:}, {@code before:}, {@code has:attachment}) and the same filters as request fields, through
 * the service's one search path in all three modes, with the bundled embedding model: eight real
 * linux-s390 list messages in {@code Mail/lists.mbox}, three real messages (one with an attachment)
 * in the Thunderbird subfolder {@code Mail/Archives.sbd/Old.mbox}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailSearchFiltersTest {
  /** The list messages' subjects (0002, 0100, 0165: three of the five sent to Heiko Carstens). */
  static final String COVER =
      "[PATCH 00/21] KVM: s390: vsie: Add VSIE SIGP Interpretation (vsie_sigpi)";

  static final String ZCRYPT = "[PATCH v4 0/1] Improve zcrypt reply message verification checks";
  static final String PULL = "[GIT PULL 0/5] KVM: s390: Fixes for 7.2";

  DefaultLibraryService service;
  Path lists;
  Path old;

  @BeforeAll
  void indexRealMail(@TempDir Path tmp) throws Exception {
    Path s390 = TestCorpus.sharedData().resolve("docs/emails_mailing_list_linux_s390/eml");
    Path mail = Files.createDirectories(tmp.resolve("docs/Mail"));
    lists = mail.resolve("lists.mbox");
    try (OutputStream out = Files.newOutputStream(lists)) {
      for (String n : List.of("0002", "0003", "0046", "0075", "0100", "0147", "0151", "0165")) {
        MboxWriter.append(
            out,
            "From MAILER-DAEMON Thu Jul  9 10:00:00 2026",
            Files.readAllBytes(s390.resolve(n + ".eml")));
      }
    }
    Path mikel = TestCorpus.sharedData().resolve("docs/emails_edge_cases_mikel_mail");
    old = Files.createDirectories(mail.resolve("Archives.sbd")).resolve("Old.mbox");
    try (OutputStream out = Files.newOutputStream(old)) {
      for (String n :
          List.of(
              "attachment_emails/attachment_content_disposition.eml",
              "plain_emails/basic_email.eml",
              "plain_emails/mix_caps_content_type.eml")) {
        MboxWriter.append(
            out,
            "From MAILER-DAEMON Mon Jun  6 22:21:22 2005",
            Files.readAllBytes(mikel.resolve(n)));
      }
    }
    service = DefaultLibraryService.open(tmp.resolve("home"));
    IndexingSummary s =
        service.index("mail", List.of(tmp.resolve("docs")), IndexingListener.NONE).await();
    assertThat(s.failed()).isZero();
  }

  @AfterAll
  void close() {
    if (service != null) {
      service.close();
    }
  }

  List<ResultItem> search(String query, int k, SearchMode mode) throws LibraryException {
    return service.search(new SearchRequest("mail", query, k, mode, SearchFilter.NONE)).items();
  }

  @ParameterizedTest
  @EnumSource(SearchMode.class)
  void fromInTheQueryKeepsOnlyThatSendersMessages(SearchMode mode) throws Exception {
    List<ResultItem> items = search("KVM s390 patch from:schlameuss@linux.ibm.com", 10, mode);
    assertThat(items).isNotEmpty();
    assertThat(items).allSatisfy(i -> assertThat(i.sender()).contains("Christoph Schlameuss"));
    assertThat(items)
        .extracting(ResultItem::title)
        .containsAnyOf(COVER, "[PATCH 01/21] KVM: s390: Remove double 64bscao feature check");
  }

  @ParameterizedTest
  @EnumSource(SearchMode.class)
  void toAndAfterCombineOnTheRealHeaders(SearchMode mode) throws Exception {
    // hca@linux.ibm.com: To of 0100 (10 July), Cc of 0002, 0003, 0046 (9 July) and 0165 (13 July)
    List<ResultItem> items = search("s390 to:hca@linux.ibm.com after:2026-07-10", 20, mode);
    assertThat(items).isNotEmpty();
    assertThat(items).extracting(ResultItem::title).allMatch(t -> Set.of(ZCRYPT, PULL).contains(t));
    assertThat(items)
        .allSatisfy(i -> assertThat(i.date()).isAfter(Instant.parse("2026-07-10T00:00:00Z")));
    List<ResultItem> before = search("s390 to:hca@linux.ibm.com before:2026-07-10", 20, mode);
    assertThat(before)
        .isNotEmpty()
        .allSatisfy(i -> assertThat(i.date()).isBefore(Instant.parse("2026-07-10T00:00:00Z")));
  }

  @ParameterizedTest
  @EnumSource(
      value = SearchMode.class,
      names = {"VECTOR", "HYBRID"})
  void hasAttachmentComesBackWithKResultsWhereTheUnfilteredBestKHaveNone(SearchMode mode)
      throws Exception {
    String query = "KVM s390 vsie SIGP interpretation shadow structures";
    List<ResultItem> unfiltered = search(query, 3, mode);
    assertThat(unfiltered).hasSize(3).noneMatch(i -> i.path().equals(old));
    // the message "testing" has two passages and its attachment api.rb one: all three come back
    List<ResultItem> filtered = search(query + " has:attachment", 3, mode);
    assertThat(filtered).hasSize(3).allSatisfy(i -> assertThat(i.path()).isEqualTo(old));
    assertThat(filtered).extracting(ResultItem::title).contains("testing", "api.rb");
  }

  @Test
  void folderIsTheMailFolderAndTheRequestsFieldsWorkLikeTheOperators() throws Exception {
    List<ResultItem> archived = search("testing bug folder:archives", 10, SearchMode.HYBRID);
    assertThat(archived).isNotEmpty().allSatisfy(i -> assertThat(i.path()).isEqualTo(old));
    SearchFilter fields =
        SearchFilter.NONE
            .withSender("freude@linux.ibm.com")
            .withRecipient("hca@")
            .withMailFolder("lists");
    List<ResultItem> byFields =
        service
            .search(new SearchRequest("mail", "zcrypt reply", 10, SearchMode.HYBRID, fields))
            .items();
    assertThat(byFields).isNotEmpty().allSatisfy(i -> assertThat(i.title()).isEqualTo(ZCRYPT));
    assertThat(search("zcrypt reply from:freude to:hca@ folder:lists", 10, SearchMode.HYBRID))
        .extracting(ResultItem::chunkId)
        .isEqualTo(byFields.stream().map(ResultItem::chunkId).toList());
    assertThat(search("zcrypt reply from:freude folder:archives", 10, SearchMode.HYBRID))
        .as("no such message")
        .isEmpty();
  }

  @Test
  void aBadOperatorOrAQueryOfOnlyOperatorsIsAnInvalidRequestThatSaysWhy() {
    assertThatThrownBy(() -> search("s390 has:pdf", 5, SearchMode.LEXICAL))
        .isInstanceOf(LibraryException.class)
        .hasMessageContaining("has:pdf is not a filter")
        .satisfies(
            e ->
                assertThat(((LibraryException) e).kind())
                    .isEqualTo(LibraryException.Kind.INVALID_REQUEST));
    assertThatThrownBy(() -> search("s390 after:2026-13-01", 5, SearchMode.LEXICAL))
        .hasMessageContaining("after:2026-13-01 is not a date");
    assertThatThrownBy(() -> search("from:freude after:2026-07-01", 5, SearchMode.LEXICAL))
        .hasMessageContaining("has only filters");
    assertThatThrownBy(
            () ->
                service.search(
                    new SearchRequest(
                        "mail",
                        "zcrypt from:freude",
                        5,
                        SearchMode.LEXICAL,
                        SearchFilter.NONE.withSender("gor@linux.ibm.com"))))
        .hasMessageContaining("from: 'freude' contradicts the filter's 'gor@linux.ibm.com'");
  }

  @Test
  void colonsThatAreNoOperatorsStayQueryText() {
    QueryOperators.Parsed p =
        QueryOperators.parse("mailto:x@y.z note: from:\"Vince Kaminski\" budget", null);
    assertThat(p.text()).isEqualTo("mailto:x@y.z note: budget");
    assertThat(p.filter().sender()).isEqualTo("Vince Kaminski");
  }
}
