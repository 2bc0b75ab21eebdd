package dev.cairn.app.server;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cairn mcp}: Cairn's tools on MCP's stdio transport, for assistants that start Cairn as a
 * child process. {@code out} carries the protocol only: the caller sends everything else (logs,
 * messages) to stderr. {@link #serve} blocks until the client closes {@code in} (or reading it
 * fails). Each line of {@code in} passes through {@link McpStdioInput}, so that a client can cancel
 * a call with {@code notifications/cancelled}; the calls still running when {@code in} ends are
 * cancelled.
 */
public final class StdioMcpServer {
  private StdioMcpServer() {}

  /** Serves until {@code in} ends (the client closed it or exited), then closes the server. */
  public static void serve(CairnTools tools, InputStream in, OutputStream out)
      throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    McpCalls calls = new McpCalls();
    InputStream watched =
        new McpStdioInput(new java.io.BufferedInputStream(in), calls, ended::countDown);
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(McpTools.mapper(), watched, out);
    McpSyncServer server = McpTools.build(McpServer.sync(transport), tools, calls, "stdio");
    try {
      ended.await();
      // McpStdioInput cancelled the calls in flight; let them log "cancelled" before closing.
      calls.awaitIdle(java.time.Duration.ofSeconds(10));
    } finally {
      server.closeGracefully();
    }
  }
}
