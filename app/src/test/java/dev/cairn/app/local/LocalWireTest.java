package dev.cairn.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchFilter;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.SearchResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local channel's frames: what goes in comes out, and broken frames fail with the reason. */
class LocalWireTest {

  private static byte[] framed(Frame message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LocalWire.write(Channels.newChannel(out), message);
    return out.toByteArray();
  }

  private static Frame read(byte[] bytes) throws IOException {
    return LocalWire.read(Channels.newChannel(new ByteArrayInputStream(bytes)));
  }

  @Test
  void aSearchRequestWithEveryFilterFieldSurvivesTheWire() throws IOException {
    SearchFilter filter =
        new SearchFilter(
            "/home/me/notes",
            "md,pdf",
            Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2024-12-31T00:00:00Z"),
            "alice",
            "zh",
            "bob@example.com",
            "Inbox/Projects",
            true);
    SearchRequest request = new SearchRequest("notes", "梯度 descent", 7, SearchMode.VECTOR, filter);
    Frame back = read(framed(LocalWire.searchRequest(request, true)));
    assertThat(LocalWire.searchRequest(back)).isEqualTo(request);
    assertThat(back.path("first").asBoolean(false)).isTrue();
  }

  @Test
  void aResponseWithEmailAndPdfResultsSurvivesTheWire() throws IOException {
    ResultItem mail =
        new ResultItem(
            1,
            0.8125,
            42L,
            "Subject: offsite\n\nWe meet on Friday.",
            "We meet on Friday.",
            List.of("friday"),
            Path.of("/mail/inbox.mbox"),
            0,
            "offsite",
            null,
            "<a@b>",
            "Alice <a@example.org>",
            Instant.parse("2001-05-02T10:00:00Z"),
            "message/rfc822",
            List.of(Path.of("/mail/copy.mbox")),
            "<root@b>");
    ResultItem pdf =
        new ResultItem(
            2,
            0.5,
            7L,
            "page text",
            "page",
            List.of(),
            Path.of("/d/a.pdf"),
            3,
            null,
            "A > B",
            null,
            null,
            null,
            "application/pdf",
            List.of(),
            null);
    SearchResponse response =
        new SearchResponse(List.of(mail, pdf), 35, 4, Duration.ofMillis(812), List.of("a note"));
    SearchResponse back = LocalWire.response(read(framed(LocalWire.response("final", response))));
    assertThat(back).isEqualTo(response);
  }

  @Test
  void aFrameCutShortIsAnEndOfStreamNamingTheBytesThatCame() throws IOException {
    byte[] whole = framed(LocalWire.message().put("op", "search"));
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    assertThatThrownBy(() -> read(cut))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining((whole.length - 7) + " of " + (whole.length - 4) + " bytes");
    assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(EOFException.class);
  }

  @Test
  void anOversizedOrEmptyLengthAndAnotherWireVersionAreRefusedWithTheValues() {
    byte[] huge = ByteBuffer.allocate(4).putInt(LocalWire.MAX_FRAME_BYTES + 1).array();
    assertThatThrownBy(() -> read(huge))
        .hasMessageContaining("frame length " + (LocalWire.MAX_FRAME_BYTES + 1) + " is outside");
    assertThatThrownBy(() -> read(new byte[4])).hasMessageContaining("frame length 0");
    byte[] body = "{\"wire\":2,\"op\":\"search\"}".getBytes(StandardCharsets.UTF_8);
    byte[] v2 = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    assertThatThrownBy(() -> read(v2)).hasMessageContaining("wire version 2, this is 1");
    byte[] notObject = "[1,2]".getBytes(StandardCharsets.UTF_8);
    byte[] arr =
        ByteBuffer.allocate(4 + notObject.length).putInt(notObject.length).put(notObject).array();
    assertThatThrownBy(() -> read(arr)).hasMessageContaining("not a JSON object");
  }

  @Test
  void aRequestWithoutAQueryOrWithABadModeIsRefusedWithTheReason() {
    Frame m = LocalWire.searchRequest(SearchRequest.of("notes", "x"), false);
    m.path("request").remove("query");
    assertThatThrownBy(() -> LocalWire.searchRequest(m)).hasMessageContaining("no query");
    Frame bad = LocalWire.searchRequest(SearchRequest.of("notes", "x"), false);
    bad.path("request").put("mode", "fuzzy");
    assertThatThrownBy(() -> LocalWire.searchRequest(bad))
        .hasMessageContaining("unknown search mode 'fuzzy'");
  }
}
