package dev.cairn.app.local;

import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchFilter;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.SearchResponse;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The local channel's wire format (docs/decisions, "local channel"): each message is one frame, a
 * 4-byte big-endian length followed by that many bytes of UTF-8 JSON (one object). A connection
 * carries one request and its answer frames, then is closed.
 *
 * <p>Request: {@code {"wire":1,"op":"search","first":BOOL,"request":{...}}}. Answers: with {@code
 * first} true, a frame {@code {"wire":1,"stage":"first","response":{...}}} before the final one;
 * always {@code {"wire":1,"stage":"final","response":{...},"served_by":{...}}}, or one {@code
 * {"wire":1,"error":{"kind":KIND,"message":TEXT}}} instead. Stateless and thread-safe.
 */
public final class LocalWire {
  /** The wire version; a peer speaking another one is answered with an error, never guessed at. */
  public static final int VERSION = 1;

  /** The largest frame either side accepts (a k = 1000 answer with long chunks fits easily). */
  public static final int MAX_FRAME_BYTES = 32 * 1024 * 1024;

  private LocalWire() {}

  /** Writes one frame holding {@code message}. */
  static void write(WritableByteChannel channel, Frame message) throws IOException {
    byte[] body = message.toBytes();
    if (body.length > MAX_FRAME_BYTES) {
      throw new IOException(
          "a local-channel message of " + body.length + " bytes exceeds " + MAX_FRAME_BYTES);
    }
    ByteBuffer buf = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
  }

  /**
   * Reads one frame.
   *
   * @throws EOFException when the peer closed the connection before a whole frame arrived
   * @throws IOException when the frame's length is out of range or its body is not a JSON object
   */
  static Frame read(ReadableByteChannel channel) throws IOException {
    ByteBuffer head = readFully(channel, ByteBuffer.allocate(4));
    int length = head.flip().getInt();
    if (length <= 0 || length > MAX_FRAME_BYTES) {
      throw new IOException(
          "local-channel frame length " + length + " is outside 1.." + MAX_FRAME_BYTES);
    }
    ByteBuffer body = readFully(channel, ByteBuffer.allocate(length));
    Frame object = Frame.parse(body.array());
    if (!object.isObject()) {
      throw new IOException("a local-channel frame is not a JSON object");
    }
    int version = object.path("wire").asInt(-1);
    if (version != VERSION) {
      throw new IOException(
          "the other side speaks local-channel wire version " + version + ", this is " + VERSION);
    }
    return object;
  }

  private static ByteBuffer readFully(ReadableByteChannel channel, ByteBuffer buf)
      throws IOException {
    while (buf.hasRemaining()) {
      if (channel.read(buf) < 0) {
        throw new EOFException(
            "the local channel closed after "
                + buf.position()
                + " of "
                + buf.capacity()
                + " bytes");
      }
    }
    return buf;
  }

  /** A new message object carrying the wire version. */
  static Frame message() {
    return Frame.object().put("wire", VERSION);
  }

  // ------------------------------------------------------------------ requests

  static Frame searchRequest(SearchRequest r, boolean first) {
    Frame m = message().put("op", "search").put("first", first);
    Frame q = m.putObject("request");
    q.put("collection", r.collection());
    q.put("query", r.query());
    q.put("k", r.k());
    q.put("mode", r.mode().label());
    Frame f = q.putObject("filter");
    SearchFilter filter = r.filter();
    f.put("folder", filter.folder());
    f.put("file_type", filter.fileType());
    f.put("from", filter.from() == null ? null : filter.from().toString());
    f.put("to", filter.to() == null ? null : filter.to().toString());
    f.put("sender", filter.sender());
    f.put("language", filter.language());
    f.put("recipient", filter.recipient());
    f.put("mail_folder", filter.mailFolder());
    f.put("has_attachment", filter.hasAttachment());
    return m;
  }

  /**
   * The search request in {@code message}.
   *
   * @throws IllegalArgumentException when a field is missing or invalid (the request's own checks)
   */
  static SearchRequest searchRequest(Frame message) {
    Frame q = message.path("request");
    Frame f = q.path("filter");
    SearchFilter filter =
        new SearchFilter(
            text(f, "folder"),
            text(f, "file_type"),
            instant(f, "from"),
            instant(f, "to"),
            text(f, "sender"),
            text(f, "language"),
            text(f, "recipient"),
            text(f, "mail_folder"),
            f.path("has_attachment").asBoolean(false));
    if (!q.path("k").isInteger()) {
      throw new IllegalArgumentException("the local-channel search request has no k");
    }
    return new SearchRequest(
        required(q, "collection"),
        required(q, "query"),
        q.path("k").asInt(0),
        SearchMode.parse(text(q, "mode")),
        filter);
  }

  // ------------------------------------------------------------------ responses

  static Frame response(String stage, SearchResponse r) {
    Frame m = message().put("stage", stage);
    Frame o = m.putObject("response");
    o.put("recomputed", r.recomputed());
    o.put("cache_hits", r.cacheHits());
    o.put("elapsed_ms", r.elapsed().toMillis());
    Frame notices = o.putArray("notices");
    r.notices().forEach(notices::add);
    Frame items = o.putArray("items");
    for (ResultItem i : r.items()) {
      Frame n = items.addObject();
      n.put("rank", i.rank());
      n.put("score", i.score());
      n.put("chunk_id", i.chunkId());
      n.put("text", i.text());
      n.put("snippet", i.snippet());
      Frame terms = n.putArray("highlight_terms");
      i.highlightTerms().forEach(terms::add);
      n.put("path", i.path().toString());
      n.put("page", i.page());
      n.put("title", i.title());
      n.put("heading_path", i.headingPath());
      n.put("message_id", i.messageId());
      n.put("sender", i.sender());
      n.put("date", i.date() == null ? null : i.date().toString());
      n.put("media_type", i.mediaType());
      Frame alsoIn = n.putArray("also_in");
      i.alsoIn().forEach(p -> alsoIn.add(p.toString()));
      n.put("conversation", i.conversation());
    }
    return m;
  }

  static SearchResponse response(Frame message) {
    Frame o = message.path("response");
    List<ResultItem> items = new ArrayList<>();
    for (Frame n : o.path("items").elements()) {
      List<String> terms = new ArrayList<>();
      n.path("highlight_terms").elements().forEach(t -> terms.add(t.asText("")));
      List<Path> alsoIn = new ArrayList<>();
      n.path("also_in").elements().forEach(p -> alsoIn.add(Path.of(p.asText(""))));
      items.add(
          new ResultItem(
              n.path("rank").asInt(0),
              n.path("score").asDouble(0),
              n.path("chunk_id").asLong(0),
              text(n, "text"),
              text(n, "snippet"),
              terms,
              Path.of(required(n, "path")),
              n.path("page").asInt(0),
              text(n, "title"),
              text(n, "heading_path"),
              text(n, "message_id"),
              text(n, "sender"),
              instant(n, "date"),
              text(n, "media_type"),
              alsoIn,
              text(n, "conversation")));
    }
    List<String> notices = new ArrayList<>();
    o.path("notices").elements().forEach(t -> notices.add(t.asText("")));
    return new SearchResponse(
        items,
        o.path("recomputed").asInt(0),
        o.path("cache_hits").asInt(0),
        Duration.ofMillis(o.path("elapsed_ms").asLong(0)),
        notices);
  }

  static Frame error(String kind, String text) {
    Frame m = message();
    m.putObject("error").put("kind", kind).put("message", text);
    return m;
  }

  private static String text(Frame node, String field) {
    return node.path(field).text();
  }

  private static String required(Frame node, String field) {
    String v = text(node, field);
    if (v == null) {
      throw new IllegalArgumentException("the local-channel message has no " + field);
    }
    return v;
  }

  private static Instant instant(Frame node, String field) {
    String v = text(node, field);
    return v == null ? null : Instant.parse(v);
  }
}
