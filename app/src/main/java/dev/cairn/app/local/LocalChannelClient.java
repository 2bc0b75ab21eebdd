package dev.cairn.app.local;

import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.SearchResponse;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Asks the Cairn running for a home (window or {@code cairn serve}) to search, over {@link
 * LocalChannelServer}'s socket. Loads no model and opens no collection: a search answered here
 * costs a connection and the server's search. Stateless; each call opens and closes one connection,
 * so it is thread-safe.
 */
public final class LocalChannelClient {
  private LocalChannelClient() {}

  /** What an attempt came to. */
  public sealed interface Result {}

  /**
   * A running Cairn answered.
   *
   * @param response its final results, searched by its own pipeline
   * @param servedBy what answered ("window", "cairn serve")
   * @param pid its process id
   */
  public record Answered(SearchResponse response, String servedBy, long pid) implements Result {}

  /**
   * Nobody answered; the caller searches in process.
   *
   * @param reason why, in one line (no socket, nobody listening, the server went away...)
   */
  public record Unanswered(String reason) implements Result {}

  /**
   * Sends {@code request} to the Cairn running for {@code home}.
   *
   * @param firstResults receives the unrefined first results before the final ones come back; null
   *     when not wanted
   * @param timeout how long to wait for the whole answer before giving up (then {@link Unanswered})
   * @throws LibraryException when the running Cairn answered with a failure (an unknown collection,
   *     a damaged index...): the same one the search would fail with in process
   */
  public static Result search(
      Path home, SearchRequest request, Consumer<SearchResponse> firstResults, Duration timeout)
      throws LibraryException {
    Objects.requireNonNull(request, "request");
    Path socketFile = LocalChannelServer.socketFile(home);
    if (!Files.exists(socketFile)) {
      return new Unanswered("no running Cairn for this home (no " + socketFile + ")");
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException e) {
      return new Unanswered("cannot open a local socket: " + e.getMessage());
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    Thread watchdog =
        Thread.ofVirtual()
            .name("cairn-local-timeout")
            .unstarted(
                () -> {
                  try {
                    Thread.sleep(timeout);
                    timedOut.set(true);
                    channel.close();
                  } catch (InterruptedException | IOException e) {
                    // answered in time, or already closed
                  }
                });
    try (channel) {
      try {
        channel.connect(UnixDomainSocketAddress.of(socketFile));
      } catch (IOException e) {
        return new Unanswered("nobody listens at " + socketFile + " (" + e.getMessage() + ")");
      }
      String stranger = otherUser(channel);
      if (stranger != null) {
        return new Unanswered(socketFile + " is served by user " + stranger + ", not asked");
      }
      watchdog.start();
      LocalWire.write(channel, LocalWire.searchRequest(request, firstResults != null));
      while (true) {
        Frame frame = LocalWire.read(channel);
        if (frame.has("error")) {
          throw failure(frame);
        }
        String stage = frame.path("stage").asText("");
        if ("first".equals(stage)) {
          if (firstResults != null) {
            firstResults.accept(LocalWire.response(frame));
          }
        } else if ("final".equals(stage)) {
          return new Answered(
              LocalWire.response(frame),
              frame.path("served_by").path("what").asText("?"),
              frame.path("served_by").path("pid").asLong(-1));
        } else {
          return new Unanswered("the running Cairn sent an unknown stage '" + stage + "'");
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Unanswered(
          timedOut.get()
              ? "the running Cairn did not answer within " + timeout.toSeconds() + " s"
              : "the running Cairn's answer broke off: " + e.getMessage());
    } finally {
      watchdog.interrupt();
    }
  }

  /** Whether some process accepts connections at {@code socketFile} now. */
  static boolean answers(Path socketFile) {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socketFile));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The server's user when it is not this process's user; null when it is or cannot be told. */
  private static String otherUser(SocketChannel channel) {
    try {
      UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
      String me =
          FileSystems.getDefault()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(System.getProperty("user.name"))
              .getName();
      return peer.user().getName().equals(me) ? null : peer.user().getName();
    } catch (UnsupportedOperationException | IOException e) {
      return null;
    }
  }

  private static LibraryException failure(Frame frame) {
    String kind = frame.path("error").path("kind").asText("");
    String message = frame.path("error").path("message").asText("the running Cairn failed");
    LibraryException.Kind k;
    try {
      k = LibraryException.Kind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      k = LibraryException.Kind.IO;
    }
    return new LibraryException(k, message);
  }
}
