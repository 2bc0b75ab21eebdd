package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultGroupsTest {
  private static ResultItem item(int rank, long chunk, String file) {
    return new ResultItem(
        rank,
        1.0 / rank,
        chunk,
        "text " + chunk,
        "snippet",
        List.of(),
        Path.of(file),
        0,
        null,
        null,
        null,
        null,
        null,
        "text/markdown",
        java.util.List.of(),
        null);
  }

  @Test
  void eachDocumentAppearsOnceAtItsBestPassageWithTheOthersBehindIt() {
    List<ResultGroups.Group> groups =
        ResultGroups.byDocument(
            List.of(
                item(1, 10, "/n/a.md"),
                item(2, 11, "/n/a.md"),
                item(3, 20, "/n/b.md"),
                item(4, 12, "/n/a.md"),
                item(5, 30, "/n/c.md")));
    assertThat(groups).extracting(g -> g.best().chunkId()).containsExactly(10L, 20L, 30L);
    assertThat(groups).extracting(g -> g.best().rank()).containsExactly(1, 2, 3);
    assertThat(groups.getFirst().more()).extracting(ResultItem::chunkId).containsExactly(11L, 12L);
    assertThat(groups.get(1).more()).isEmpty();
  }

  private static ResultItem mail(int rank, long chunk, String file, String conversation) {
    return new ResultItem(
        rank,
        1.0 / rank,
        chunk,
        "text " + chunk,
        "snippet",
        List.of(),
        Path.of(file),
        0,
        "subject",
        null,
        "<m" + chunk + "@x>",
        "a@x",
        null,
        "message/rfc822",
        List.of(),
        conversation);
  }

  @Test
  void emailsGroupByConversationAcrossFilesAndUnrelatedMessagesOfOneMailboxStayApart() {
    List<ResultGroups.Group> groups =
        ResultGroups.byDocument(
            List.of(
                mail(1, 10, "/m/list.mbox", "<root1@x>"),
                mail(2, 11, "/m/list.mbox", "<root2@x>"),
                mail(3, 12, "/m/0003.eml", "<root1@x>"),
                item(4, 13, "/notes/a.md"),
                mail(5, 14, "/m/list.mbox", "<root2@x>")));
    assertThat(groups).extracting(g -> g.best().chunkId()).containsExactly(10L, 11L, 13L);
    assertThat(groups.get(0).more()).extracting(ResultItem::chunkId).containsExactly(12L);
    assertThat(groups.get(1).more()).extracting(ResultItem::chunkId).containsExactly(14L);
    assertThat(groups).extracting(g -> g.best().rank()).containsExactly(1, 2, 3);
  }

  @Test
  void noPassagesGiveNoGroups() {
    assertThat(ResultGroups.byDocument(List.of())).isEmpty();
  }
}
