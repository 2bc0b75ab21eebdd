package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.app.library.SearchFilter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --filter}: the KEY=VALUE keys, mail operators given as options, and the errors for an
 * unknown key or operator.
 */
class FiltersTest {
  @Test
  void mailKeysAndOperatorsFillTheSameFields() {
    SearchFilter byKeys =
        Filters.parse(
            List.of(
                "sender=kaminski",
                "recipient=hca@linux.ibm.com",
                "mailfolder=Inbox/Projects",
                "has=attachment",
                "after=2001-05-01",
                "before=2001-06-01"));
    SearchFilter byOperators =
        Filters.parse(
            List.of(
                "from:kaminski",
                "to:hca@linux.ibm.com",
                "folder:Inbox/Projects",
                "has:attachment",
                "after:2001-05-01",
                "before:2001-06-01"));
    assertThat(byOperators).isEqualTo(byKeys);
    assertThat(byKeys.sender()).isEqualTo("kaminski");
    assertThat(byKeys.recipient()).isEqualTo("hca@linux.ibm.com");
    assertThat(byKeys.mailFolder()).isEqualTo("Inbox/Projects");
    assertThat(byKeys.hasAttachment()).isTrue();
    assertThat(byKeys.from()).isEqualTo(Instant.parse("2001-05-01T00:00:00Z"));
    assertThat(byKeys.to()).isEqualTo(Instant.parse("2001-05-31T23:59:59.999Z"));
    // the older keys keep their meaning: from= and to= are dates, folder= a folder on disk
    SearchFilter dates = Filters.parse(List.of("from=2001-05-01", "to=2001-05-31", "folder=/tmp"));
    assertThat(dates.from()).isEqualTo(byKeys.from());
    assertThat(dates.to()).isEqualTo(byKeys.to());
    assertThat(dates.folder()).isEqualTo("/tmp");
    assertThat(dates.mailFolder()).isNull();
    assertThat(dates.sender()).isNull();
    // a value that is no date means what the operator means: from=kaminski is from:kaminski
    SearchFilter people = Filters.parse(List.of("from=kaminski", "to=hca@linux.ibm.com"));
    assertThat(people).isEqualTo(Filters.parse(List.of("from:kaminski", "to:hca@linux.ibm.com")));
    assertThat(people.sender()).isEqualTo("kaminski");
    assertThat(people.from()).isNull();
    assertThat(people.recipient()).isEqualTo("hca@linux.ibm.com");
    assertThat(people.to()).isNull();
  }

  @Test
  void aBadDateForFromOrToIsRefusedNotTakenForASender() {
    assertThatThrownBy(() -> Filters.parse(List.of("from=2001-13-01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filter date '2001-13-01' is neither YYYY-MM-DD nor an ISO instant");
    assertThatThrownBy(() -> Filters.parse(List.of("to=2001-05-31T25:00:00Z")))
        .hasMessageContaining("filter date '2001-05-31T25:00:00Z'");
  }

  @Test
  void anUnknownKeyOrOperatorIsRefusedNamingTheKeys() {
    assertThatThrownBy(() -> Filters.parse(List.of("colour=red")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown filter key 'colour'")
        .hasMessageContaining("recipient, mailfolder, has");
    assertThatThrownBy(() -> Filters.parse(List.of("cc:bob")))
        .hasMessageContaining("unknown search operator 'cc:'")
        .hasMessageContaining("from:, to:, folder:, after:, before:, has:attachment");
    assertThatThrownBy(() -> Filters.parse(List.of("has=pdf")))
        .hasMessageContaining("has:pdf is not a filter; has: knows attachment");
    assertThatThrownBy(() -> Filters.parse(List.of("before:last-week")))
        .hasMessageContaining("before:last-week is not a date");
  }
}
