package dev.cairn.app.gui;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.collections.ObservableList;

/** Helpers for observable lists shown in virtualised controls. */
final class Lists {
  private Lists() {}

  /**
   * Makes {@code target} equal to {@code wanted} with as few change events as possible: when both
   * hold the same keys in the same order only the changed elements are replaced (so a table keeps
   * its rows and cells instead of rebuilding them all, which costs the UI thread hundreds of
   * milliseconds on a slow machine); otherwise the whole list is replaced once.
   */
  static <T, K> void replaceMinimally(
      ObservableList<T> target, List<T> wanted, Function<T, K> key) {
    boolean sameKeys = target.size() == wanted.size();
    for (int i = 0; sameKeys && i < wanted.size(); i++) {
      sameKeys = Objects.equals(key.apply(target.get(i)), key.apply(wanted.get(i)));
    }
    if (!sameKeys) {
      if (wanted.size() > target.size() && startsWith(wanted, target, key)) {
        for (int i = 0; i < target.size(); i++) {
          if (!target.get(i).equals(wanted.get(i))) {
            target.set(i, wanted.get(i));
          }
        }
        target.addAll(wanted.subList(target.size(), wanted.size()));
      } else {
        target.setAll(wanted);
      }
      return;
    }
    for (int i = 0; i < wanted.size(); i++) {
      if (!target.get(i).equals(wanted.get(i))) {
        target.set(i, wanted.get(i));
      }
    }
  }

  private static <T, K> boolean startsWith(List<T> list, List<T> prefix, Function<T, K> key) {
    for (int i = 0; i < prefix.size(); i++) {
      if (!Objects.equals(key.apply(list.get(i)), key.apply(prefix.get(i)))) {
        return false;
      }
    }
    return true;
  }
}
