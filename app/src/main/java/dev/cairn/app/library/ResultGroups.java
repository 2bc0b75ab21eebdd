package dev.cairn.app.library;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result per document: the best passage of each file (of each email conversation), in rank
 * order, with the others behind it (as a desktop search app lists a note once, "3 more passages").
 * Stateless.
 */
public final class ResultGroups {
  private ResultGroups() {}

  /**
   * A document's best passage and the others, best first.
   *
   * @param best the best passage, renumbered with the document's rank
   * @param more the document's other passages, in their rank order
   */
  public record Group(ResultItem best, List<ResultItem> more) {
    public Group {
      more = List.copyOf(more);
    }
  }

  /**
   * Groups passages by source file, an email by its conversation (a thread kept as .eml files or
   * inside one mailbox is one result; unrelated messages of one mailbox stay apart), keeping the
   * order of each group's best passage.
   */
  public static List<Group> byDocument(List<ResultItem> passages) {
    Map<Object, List<ResultItem>> byFile = new LinkedHashMap<>();
    for (ResultItem item : passages) {
      Object key = item.conversation() != null ? "mail:" + item.conversation() : item.path();
      byFile.computeIfAbsent(key, p -> new ArrayList<>()).add(item);
    }
    List<Group> out = new ArrayList<>(byFile.size());
    for (List<ResultItem> items : byFile.values()) {
      out.add(new Group(items.getFirst().withRank(out.size() + 1), items.subList(1, items.size())));
    }
    return out;
  }
}
