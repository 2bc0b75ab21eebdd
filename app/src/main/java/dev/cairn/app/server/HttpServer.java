package dev.cairn.app.server;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code cairn serve}: Cairn's tools over HTTP on 127.0.0.1 only, on Jetty 12 — the MCP
 * streamable-HTTP transport of the official SDK at {@value #MCP_PATH} and the JSON API at {@value
 * #API_PATH}, both behind the {@link RequestGuard} (Host and Origin checks, bearer token, body
 * limit), then MCP calls through the {@link McpCallFilter} (so a client can cancel them). Owns its
 * Jetty server and its {@code cairn-http-N} threads; {@link #close} stops them. Thread-safe.
 */
public final class HttpServer implements AutoCloseable {
  /** The MCP endpoint. */
  public static final String MCP_PATH = "/mcp";

  /** The JSON API's prefix. */
  public static final String API_PATH = "/api";

  /** The largest request body accepted, in bytes. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** Request threads at most; further requests wait in Jetty's queue. */
  static final int MAX_THREADS = 32;

  private final Server jetty;
  private final McpSyncServer mcp;
  private final ServerConnector connector;

  private HttpServer(Server jetty, McpSyncServer mcp, ServerConnector connector) {
    this.jetty = jetty;
    this.mcp = mcp;
    this.connector = connector;
  }

  /**
   * Starts the server on {@code 127.0.0.1:port} ({@code 0}: a free port).
   *
   * @throws java.io.IOException when the port is taken or cannot be bound
   */
  public static HttpServer start(CairnTools tools, AccessToken token, int port)
      throws java.io.IOException {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("cairn-http");
    threads.setDaemon(true);
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(port);
    jetty.addConnector(connector);
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpTools.mapper())
            .mcpEndpoint(MCP_PATH)
            .maxRequestSize(MAX_BODY_BYTES)
            .build();
    McpCalls calls = new McpCalls();
    McpSyncServer mcp = McpTools.build(McpServer.sync(transport), tools, calls, "http-mcp");
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    try {
      connector.open();
    } catch (java.io.IOException e) {
      mcp.close();
      throw new java.io.IOException(
          "cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ") — choose another port",
          e);
    }
    int bound = connector.getLocalPort();
    FilterHolder guard = new FilterHolder(new RequestGuard(token, bound));
    guard.setAsyncSupported(true);
    context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
    // After the guard: only checked requests are read and registered as cancellable calls.
    FilterHolder callFilter = new FilterHolder(new McpCallFilter(calls));
    callFilter.setAsyncSupported(true);
    context.addFilter(callFilter, MCP_PATH, EnumSet.of(DispatcherType.REQUEST));
    ServletHolder mcpHolder = new ServletHolder("mcp", transport);
    mcpHolder.setAsyncSupported(true);
    context.addServlet(mcpHolder, MCP_PATH);
    context.addServlet(new ServletHolder("api", new ApiServlet(tools)), API_PATH + "/*");
    jetty.setHandler(context);
    try {
      jetty.start();
    } catch (Exception e) {
      mcp.close();
      throw new java.io.IOException("cannot start the HTTP server: " + e.getMessage(), e);
    }
    return new HttpServer(jetty, mcp, connector);
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The address it listens on (always the loopback address). */
  public String host() {
    return connector.getHost();
  }

  /** Stops accepting requests and closes the MCP sessions. Idempotent. */
  @Override
  public void close() {
    try {
      mcp.closeGracefully();
    } finally {
      try {
        jetty.stop();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(HttpServer.class)
            .warn("stopping the HTTP server failed: {}", e.toString());
      }
    }
  }
}
