package dev.cairn.app.server;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.FixtureLibrary;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Shared test fixture (issue 16): the five Sync notes indexed as collection {@code sync}, exposed
 * and served by a real Jetty on a loopback port, with a (slow) scripted chat model as the
 * collection's chat model. Used by {@link AskDisconnectTest} and {@link McpHangUpTest}; also holds
 * their raw-HTTP reading helpers.
 */
final class SlowModelServer implements AutoCloseable {
  final Path home;
  final DefaultLibraryService library;
  final RequestLog log;
  final AccessToken token;
  final HttpServer server;

  private SlowModelServer(
      Path home,
      DefaultLibraryService library,
      RequestLog log,
      AccessToken token,
      HttpServer server) {
    this.home = home;
    this.library = library;
    this.log = log;
    this.token = token;
    this.server = server;
  }

  /** Indexes the Sync notes under {@code tmp} and serves them with {@code model} on port 0. */
  static SlowModelServer start(Path tmp, ScriptedChatModel model) throws Exception {
    Path home = tmp.resolve("home");
    Path gguf = Files.writeString(tmp.resolve("slow.gguf"), "scripted");
    DefaultLibraryService library = FixtureLibrary.open(home, model);
    try {
      library
          .index("sync", List.of(SharedDocs.syncNotes(tmp.resolve("sync"))), IndexingListener.NONE)
          .await();
      library.updateSettings(library.settings().withChatModel("gguf:" + gguf));
      ServerSettingsStore store = new ServerSettingsStore(home);
      store.save(ServerSettings.defaults().withExposedCollections(List.of("sync")));
      RequestLog log = new RequestLog(home);
      CairnTools tools = new CairnTools(library, new Scope(store, Optional.empty()), log);
      AccessToken token = AccessToken.loadOrCreate(home);
      return new SlowModelServer(home, library, log, token, HttpServer.start(tools, token, 0));
    } catch (Exception | Error e) {
      library.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      library.close();
    }
  }

  /** Reads a response's status line and headers, up to and including the blank line. */
  static String readHead(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }

  /** The body of a chunked transfer encoding, its chunks joined. */
  static byte[] dechunk(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < raw.length) {
      int eol = i;
      while (raw[eol] != '\r') {
        eol++;
      }
      int size =
          Integer.parseInt(new String(raw, i, eol - i, StandardCharsets.US_ASCII).trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(raw, eol + 2, size);
      i = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
