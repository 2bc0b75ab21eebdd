package dev.cairn.app.library;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result per document: the best passage of each file, in rank order, with the file's other
 * passages behind it (as a desktop search app lists a note once, "3 more passages"). Stateless.
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

  /** Groups passages by source file, keeping the order of each file's best passage. */
  public static List<Group> byDocument(List<ResultItem> passages) {
    Map<Path, List<ResultItem>> byFile = new LinkedHashMap<>();
    for (ResultItem item : passages) {
      byFile.computeIfAbsent(item.path(), p -> new ArrayList<>()).add(item);
    }
    List<Group> out = new ArrayList<>(byFile.size());
    for (List<ResultItem> items : byFile.values()) {
      out.add(new Group(items.getFirst().withRank(out.size() + 1), items.subList(1, items.size())));
    }
    return out;
  }
}
