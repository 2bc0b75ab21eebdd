package dev.cairn.app.local;

import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.SearchResponse;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code cairn search} from a running Cairn (the window or {@code cairn serve}) over a Unix
 * domain socket at {@code <home>/run/cairn.sock}, through the service's own search pipeline, so a
 * command-line search pays neither for a model load nor for opening the index.
 *
 * <p><b>Who may ask.</b> The socket's folder is created owner-only (0700) and the socket file is
 * set owner-only after binding; every accepted connection's peer is checked with {@code
 * SO_PEERCRED} and one from another user is closed unanswered. Where the platform has no peer
 * credentials the owner-only folder is the guard.
 *
 * <p><b>Ownership and threads.</b> Owns the listening socket (an accept thread {@code
 * cairn-local-accept}) and a small pool ({@code cairn-local-N}) that answers one request per
 * connection; {@link #close} stops both and removes the socket file. The service stays the
 * caller's. Thread-safe.
 */
public final class LocalChannelServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalChannelServer.class);
  private static final int ANSWER_THREADS = 2;

  private final LibraryService library;
  private final String servedBy;
  private final Path socketFile;
  private final ServerSocketChannel server;
  private final UserPrincipal owner;
  private final ExecutorService answers;
  private final Thread acceptor;
  private volatile boolean closed;

  private LocalChannelServer(
      LibraryService library, String servedBy, Path socketFile, ServerSocketChannel server)
      throws IOException {
    this.library = library;
    this.servedBy = servedBy;
    this.socketFile = socketFile;
    this.server = server;
    this.owner =
        FileSystems.getDefault()
            .getUserPrincipalLookupService()
            .lookupPrincipalByName(System.getProperty("user.name"));
    AtomicInteger n = new AtomicInteger();
    this.answers =
        Executors.newFixedThreadPool(
            ANSWER_THREADS,
            r -> {
              Thread t = new Thread(r, "cairn-local-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "cairn-local-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The socket a Cairn running for {@code home} listens on. */
  public static Path socketFile(Path home) {
    return home.toAbsolutePath().resolve("run").resolve("cairn.sock");
  }

  /**
   * Starts listening for {@code library}'s home.
   *
   * @param servedBy what this process is, told to the asking command line ("window", "cairn serve")
   * @return the server, or empty when another live Cairn already answers on that socket (it keeps
   *     answering; nothing is replaced)
   * @throws IOException when the folder or the socket cannot be created (for example a path longer
   *     than the system's limit for socket names)
   */
  public static Optional<LocalChannelServer> start(LibraryService library, String servedBy)
      throws IOException {
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(servedBy, "servedBy");
    Path socketFile = socketFile(library.home());
    Path dir = socketFile.getParent();
    ownerOnlyFolder(dir);
    if (Files.exists(socketFile)) {
      if (LocalChannelClient.answers(socketFile)) {
        LOG.info("another Cairn already answers at {}; this one does not listen", socketFile);
        return Optional.empty();
      }
      Files.delete(socketFile); // left by a process that ended without closing
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socketFile));
    } catch (IOException e) {
      server.close();
      throw new IOException(
          "cannot listen at "
              + socketFile
              + " ("
              + socketFile.toString().length()
              + " characters; Unix sockets allow about 100): "
              + e.getMessage(),
          e);
    }
    if (Files.getFileAttributeView(socketFile, PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(socketFile, PosixFilePermissions.fromString("rw-------"));
    }
    LOG.info("answering searches at {}", socketFile);
    return Optional.of(new LocalChannelServer(library, servedBy, socketFile, server));
  }

  /** Creates {@code dir} if needed and makes it owner-only (rwx------) on POSIX file systems. */
  static void ownerOnlyFolder(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** The socket file it listens on. */
  public Path socketFile() {
    return socketFile;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel connection;
      try {
        connection = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("local channel: accept failed: {}", e.getMessage());
        }
        return;
      }
      try {
        answers.execute(() -> answer(connection));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        closeQuietly(connection);
      }
    }
  }

  private void answer(SocketChannel connection) {
    try (connection) {
      if (!sameUser(connection)) {
        return;
      }
      Frame message = LocalWire.read(connection);
      if (!"search".equals(message.path("op").asText(""))) {
        LocalWire.write(
            connection,
            LocalWire.error(
                LibraryException.Kind.INVALID_REQUEST.name(),
                "unknown local-channel operation '" + message.path("op").asText("") + "'"));
        return;
      }
      SearchRequest request;
      try {
        request = LocalWire.searchRequest(message);
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        LocalWire.write(
            connection,
            LocalWire.error(LibraryException.Kind.INVALID_REQUEST.name(), e.getMessage()));
        return;
      }
      boolean first = message.path("first").asBoolean(false);
      SearchResponse response;
      try {
        response = library.search(request, first ? r -> writeFirst(connection, r) : null);
      } catch (LibraryException e) {
        LocalWire.write(connection, LocalWire.error(e.kind().name(), e.getMessage()));
        return;
      }
      Frame last = LocalWire.response("final", response);
      last.putObject("served_by").put("what", servedBy).put("pid", ProcessHandle.current().pid());
      LocalWire.write(connection, last);
    } catch (IOException | RuntimeException e) {
      LOG.warn("local channel: a request failed: {}", e.toString());
    }
  }

  private static void writeFirst(SocketChannel connection, SearchResponse first) {
    try {
      LocalWire.write(connection, LocalWire.response("first", first));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the asking command line went away", e);
    }
  }

  /** Whether the peer runs as this process's user; true where peer credentials are unknown. */
  private boolean sameUser(SocketChannel connection) {
    UnixDomainPrincipal peer;
    try {
      peer = connection.getOption(ExtendedSocketOptions.SO_PEERCRED);
    } catch (UnsupportedOperationException | IOException e) {
      return true; // no peer credentials here: the owner-only folder is the guard
    }
    if (peer.user().getName().equals(owner.getName())) {
      return true;
    }
    LOG.warn("local channel: refused a connection from user {}", peer.user().getName());
    return false;
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing an unanswered connection
    }
  }

  /** Stops listening, finishes or abandons answers in flight, removes the socket file. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("local channel: closing {} failed: {}", socketFile, e.getMessage());
    }
    answers.shutdown();
    try {
      if (!answers.awaitTermination(5, TimeUnit.SECONDS)) {
        answers.shutdownNow();
      }
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(socketFile);
    } catch (IOException e) {
      LOG.warn("local channel: cannot remove {}: {}", socketFile, e.getMessage());
    }
  }
}
