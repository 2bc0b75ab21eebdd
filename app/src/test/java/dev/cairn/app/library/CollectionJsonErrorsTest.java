package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A damaged {@code collection.json} (edited by hand, cut off) is named in plain words: the file,
 * the setting that is wrong and where (line and column), and what to do — never the parser's own
 * text (Java type names, token names), and never overwritten.
 */
class CollectionJsonErrorsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          # what the file holds (\\n a new line)                    | what the message says
          {"name": "c",\\n  "folders": "/home/me/notes"}            | the setting "folders" has the wrong type: expected a list [ … ], at line 2, column 14
          {"name": "c",\\n  "dimensions": "many"}                   | the setting "dimensions" has the wrong type: expected a number, at line 2, column 17
          {"name": ["c"]}                                           | the setting "name" has the wrong type: expected text in quotes, at line 1, column 10
          {"folders": []}                                           | the setting "name" is missing or empty, at line 1, column 15
          {"name": "c",\\n "folders": [ this is not json            | it is not valid JSON (unexpected text 'this'), at line 2, column 15
          {"name": "c",\\n "folders": ["/a"],\\n}                    | it is not valid JSON (unexpected '}'), at line 3, column 1
          {"name": "c",\\n "folders": ["/a"                         | the file ends too early (cut off?), at line 2, column 18
          ["c"]                                                     | the file must hold one JSON object { … } with the collection's settings, at line 1, column 1
          """)
  void aBrokenSettingIsNamedWithItsLineInPlainWords(String content, String said) throws Exception {
    Path file = dir.resolve("collection.json");
    Files.writeString(file, content.replace("\\n", "\n"));

    LibraryException e =
        catchThrowableOfType(LibraryException.class, () -> CollectionMeta.read(dir));

    assertThat(e).as("read %s", content).isNotNull();
    assertThat(e.kind()).isEqualTo(LibraryException.Kind.CORRUPT);
    assertThat(e.getMessage())
        .startsWith("the collection file " + file + " is damaged: " + said + " — fix it")
        .contains("cairn index FOLDER --collection " + dir.getFileName())
        .doesNotContain("java.", "Cannot deserialize", "JsonToken", "(code ")
        .doesNotContainPattern("\\R");
    assertThat(file).hasContent(content.replace("\\n", "\n"));
  }

  @Test
  void anEmptyFileIsNamedAsEmpty() throws Exception {
    Files.writeString(dir.resolve("collection.json"), "  \n");
    LibraryException e =
        catchThrowableOfType(LibraryException.class, () -> CollectionMeta.read(dir));
    assertThat(e.getMessage()).contains("is damaged: the file is empty — fix it");
  }
}
