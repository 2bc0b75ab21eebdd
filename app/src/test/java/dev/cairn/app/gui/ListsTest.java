package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.LibraryException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class ListsTest {
  private record Row(String key, int value) {}

  @Test
  void sameKeysInTheSameOrderReplaceOnlyTheChangedRows() {
    ObservableList<Row> list =
        FXCollections.observableArrayList(new Row("a", 1), new Row("b", 2), new Row("c", 3));
    List<String> changes = record(list);
    Lists.replaceMinimally(
        list, List.of(new Row("a", 1), new Row("b", 20), new Row("c", 3)), Row::key);
    assertThat(list).containsExactly(new Row("a", 1), new Row("b", 20), new Row("c", 3));
    assertThat(changes).containsExactly("replaced 1..2");
  }

  @Test
  void newRowsAtTheEndAreAppendedWithoutTouchingTheOthers() {
    ObservableList<Row> list = FXCollections.observableArrayList(new Row("a", 1));
    List<String> changes = record(list);
    Lists.replaceMinimally(list, List.of(new Row("a", 1), new Row("b", 2)), Row::key);
    assertThat(list).containsExactly(new Row("a", 1), new Row("b", 2));
    assertThat(changes).containsExactly("added 1..2");
  }

  @Test
  void anyOtherDifferenceReplacesTheWholeListOnce() {
    ObservableList<Row> list = FXCollections.observableArrayList(new Row("a", 1), new Row("b", 2));
    List<String> changes = record(list);
    Lists.replaceMinimally(list, List.of(new Row("b", 2)), Row::key);
    assertThat(list).containsExactly(new Row("b", 2));
    assertThat(changes).hasSize(1);
    Lists.replaceMinimally(list, List.of(), Row::key);
    assertThat(list).isEmpty();
  }

  @Test
  void failuresAreDescribedInWordsWithTheNextStep() {
    assertThat(
            UserMessages.describe(
                new LibraryException(
                    LibraryException.Kind.MODEL_UNAVAILABLE,
                    "Ollama is not running at localhost:11434 — start it or choose a GGUF"
                        + " model")))
        .isEqualTo("Ollama is not running at localhost:11434 — start it or choose a GGUF model");
    assertThat(UserMessages.describe(new NoSuchFileException("/x/a.pdf")))
        .isEqualTo("The file /x/a.pdf no longer exists.");
    assertThat(UserMessages.describe(new IllegalStateException("boom")))
        .isEqualTo(
            "Something went wrong (IllegalStateException: boom) — see the log in the logs folder"
                + " of Cairn's data location.");
  }

  private static List<String> record(ObservableList<Row> list) {
    List<String> changes = new ArrayList<>();
    list.addListener(
        (ListChangeListener<Row>)
            c -> {
              while (c.next()) {
                if (c.wasReplaced()) {
                  changes.add("replaced " + c.getFrom() + ".." + c.getTo());
                } else if (c.wasAdded()) {
                  changes.add("added " + c.getFrom() + ".." + c.getTo());
                } else {
                  changes.add("other");
                }
              }
            });
    return changes;
  }
}
