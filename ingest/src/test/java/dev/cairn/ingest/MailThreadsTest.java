package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailThreadsTest {
  @Test
  void aThreadIsKeyedByItsReferencesRootThenInReplyToThenItself() {
    var root = new MailThreads.Headers(1, "<a@x>", null, null, "Plan for Monday");
    var reply = new MailThreads.Headers(2, "<b@x>", "<a@x>", "<a@x>", "Re: Plan for Monday");
    var deeper = new MailThreads.Headers(3, "<c@x>", "<b@x>", "<a@x> <b@x>", "RE: Re: Plan");
    var onlyParent = new MailThreads.Headers(4, "<d@x>", "<a@x>", null, "Re: Plan for Monday");
    var lostHeaders = new MailThreads.Headers(5, "<e@x>", null, null, "AW: Plan  for Monday");
    var other = new MailThreads.Headers(6, "<f@x>", null, null, "Lunch");
    var notMail = new MailThreads.Headers(7, null, null, null, "notes.md");
    Map<Long, String> keys =
        MailThreads.keys(List.of(lostHeaders, root, reply, deeper, onlyParent, other, notMail));
    assertThat(keys).containsEntry(1L, "<a@x>").containsEntry(2L, "<a@x>");
    assertThat(keys).containsEntry(3L, "<a@x>").containsEntry(4L, "<a@x>");
    assertThat(keys)
        .as("a reply without threading headers joins by subject")
        .containsEntry(5L, "<a@x>");
    assertThat(keys).containsEntry(6L, "<f@x>").doesNotContainKey(7L);
    assertThat(MailThreads.normalizedSubject("Fwd: RE[2]: Re:  Budget  Q3")).isEqualTo("budget q3");
  }

  /**
   * The real linux-s390 mailing-list messages, one .eml file each: replies whose References root is
   * among them share the root's conversation, and the archive's 150 messages fall into fewer
   * conversations, some of several messages.
   */
  @Test
  void realMailingListMessagesFallIntoTheirThreads(@TempDir Path tmp) throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("eml"));
    try (Stream<Path> s = Files.list(TestData.doc("emails_mailing_list_linux_s390/eml"))) {
      for (Path p : s.sorted().limit(150).toList()) {
        Files.copy(p, folder.resolve(p.getFileName()));
      }
    }
    List<DocumentRecord> messages = new ArrayList<>();
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      ing.ingest(List.of(folder), IngestListener.NONE, new CancellationToken());
      for (FileRecord f : store.files(java.util.Optional.empty())) {
        store.documents(f.path()).stream()
            .filter(d -> d.parentId() == null && d.messageId() != null)
            .forEach(messages::add);
      }
      long[] ids = messages.stream().mapToLong(DocumentRecord::id).toArray();
      List<MailThreads.Headers> headers = store.mailHeaders(ids);
      assertThat(headers).hasSize(messages.size());
      Map<Long, String> keys = MailThreads.keys(headers);
      assertThat(keys).hasSize(messages.size());

      Map<String, DocumentRecord> byId = new HashMap<>();
      messages.forEach(m -> byId.put(m.messageId().strip(), m));
      int checked = 0;
      for (DocumentRecord m : messages) {
        if (m.references() == null) {
          continue;
        }
        String first = m.references().strip().split("\\s+")[0];
        DocumentRecord root = byId.get(first);
        if (root != null && root.references() == null && root.inReplyTo() == null) {
          assertThat(keys.get(m.id())).as(m.title()).isEqualTo(keys.get(root.id()));
          checked++;
        }
      }
      assertThat(checked).isGreaterThan(10);
      Map<String, Long> sizes =
          keys.values().stream().collect(Collectors.groupingBy(k -> k, Collectors.counting()));
      assertThat(sizes.size()).isLessThan(messages.size());
      assertThat(sizes.values().stream().mapToLong(Long::longValue).max().orElse(0))
          .isGreaterThanOrEqualTo(3);
    }
  }
}
