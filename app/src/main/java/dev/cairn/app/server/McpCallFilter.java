package dev.cairn.app.server;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

/**
 * Makes MCP calls over streamable HTTP cancellable: runs after the {@link RequestGuard} on {@code
 * POST /mcp}, reads the JSON-RPC body and hands it to {@link McpCalls#admit} under the request's
 * {@code Mcp-Session-Id} (a {@code tools/call} is registered and re-serialised with its token, a
 * {@code notifications/cancelled} cancels and is answered 202 here), then passes the (possibly
 * rewritten) body on to the SDK's servlet. The SDK answers a request asynchronously; the call is
 * forgotten when that answer ends, or when the tool handler returns. Thread-safe (the registry is).
 */
final class McpCallFilter implements Filter {
  private final McpCalls calls;
  private final McpStreamProbe probe = new McpStreamProbe();

  McpCallFilter(McpCalls calls) {
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  /** Jetty calls it when the server stops: ends the probe's thread. */
  @Override
  public void destroy() {
    probe.close();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    String session = request.getHeader("Mcp-Session-Id");
    if (!"POST".equals(request.getMethod()) || session == null || session.isBlank()) {
      chain.doFilter(req, res); // initialize, GET streams, DELETE: nothing to register
      return;
    }
    byte[] body = readBounded(request.getInputStream());
    if (body == null) {
      RequestGuard.refuse(
          (HttpServletResponse) res,
          413,
          "body_too_large",
          "the request body has more than " + HttpServer.MAX_BODY_BYTES + " bytes");
      return;
    }
    McpCalls.Admitted admitted = calls.admit(session.strip(), body);
    if (admitted.consumed()) {
      ((HttpServletResponse) res)
          .setStatus(HttpServletResponse.SC_ACCEPTED); // as for any notification
      return;
    }
    McpCalls.Call call = admitted.call();
    if (call == null) {
      chain.doFilter(new Body(request, admitted.message()), res);
      return;
    }
    // The SDK's doPost blocks until the result is written; meanwhile the probe notices a client
    // that hung up (a closed connection is seen only by a write that fails).
    McpStreamProbe.Probed probed = new McpStreamProbe.Probed((HttpServletResponse) res);
    ScheduledFuture<?> watching = probe.watch(call, probed);
    try {
      chain.doFilter(new Body(request, admitted.message()), probed);
    } finally {
      watching.cancel(false);
      if (request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new Forget(call));
      } else {
        call.close();
      }
    }
  }

  /** The body, or {@code null} when it is longer than {@link HttpServer#MAX_BODY_BYTES}. */
  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(HttpServer.MAX_BODY_BYTES + 1);
    return bytes.length > HttpServer.MAX_BODY_BYTES ? null : bytes;
  }

  /** Forgets the call when the SDK's asynchronous answer has ended, however it ended. */
  private record Forget(McpCalls.Call call) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      call.close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      call.close();
    }

    @Override
    public void onError(AsyncEvent event) {
      // The client's connection failed while the answer was open: nobody waits for it any more.
      call.cancellation().cancel("the client's connection failed");
      call.close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }

  /** The request with the body the SDK should read. */
  private static final class Body extends HttpServletRequestWrapper {
    private final byte[] body;

    Body(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the MCP body is already read; no asynchronous reads");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      return new BufferedReader(
          new InputStreamReader(
              new ByteArrayInputStream(body),
              encoding == null
                  ? StandardCharsets.UTF_8
                  : java.nio.charset.Charset.forName(encoding)));
    }
  }
}
