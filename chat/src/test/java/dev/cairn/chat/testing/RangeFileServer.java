package dev.cairn.chat.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback serving one file at {@code /<name>}, honouring {@code Range:
 * bytes=N-} requests like the model hosts do; anything else is 404. Records the Range header of
 * every request. For the download tests of the chat and app modules; close it after use.
 */
public final class RangeFileServer implements AutoCloseable {
  private final HttpServer server;
  private final String name;
  private final byte[] content;
  private final List<String> ranges = new CopyOnWriteArrayList<>();

  private RangeFileServer(String name, byte[] content) throws IOException {
    this.content = content.clone();
    this.name = name;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  /** Starts serving {@code file} under its own name. */
  public static RangeFileServer serve(Path file) throws IOException {
    return new RangeFileServer(file.getFileName().toString(), Files.readAllBytes(file));
  }

  /** Starts serving {@code content} at {@code /<name>}. */
  public static RangeFileServer serve(String name, byte[] content) throws IOException {
    return new RangeFileServer(name, content);
  }

  /** The file's address. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
  }

  /** An address on this server that answers 404. */
  public URI missingUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/missing.gguf");
  }

  /** The served bytes. */
  public byte[] content() {
    return content.clone();
  }

  /** The SHA-256 of the served file, lower-case hex. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The Range header of each request so far ("" when none). */
  public List<String> ranges() {
    return List.copyOf(ranges);
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestURI().getPath().equals("/" + name)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String range = ex.getRequestHeaders().getFirst("Range");
      ranges.add(range == null ? "" : range);
      int from = 0;
      if (range != null && range.startsWith("bytes=")) {
        from = Integer.parseInt(range.substring(6, range.indexOf('-')));
        if (from >= content.length) {
          ex.sendResponseHeaders(416, -1);
          return;
        }
        ex.getResponseHeaders()
            .add(
                "Content-Range",
                "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        ex.sendResponseHeaders(206, content.length - from);
      } else {
        ex.sendResponseHeaders(200, content.length);
      }
      try (OutputStream out = ex.getResponseBody()) {
        out.write(content, from, content.length - from);
      } catch (IOException e) {
        // the client went away (a cancelled download)
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
