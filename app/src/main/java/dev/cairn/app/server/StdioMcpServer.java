package dev.cairn.app.server;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cairn mcp}: Cairn's tools on MCP's stdio transport, for assistants that start Cairn as a
 * child process. {@code out} carries the protocol only: the caller sends everything else (logs,
 * messages) to stderr. {@link #serve} blocks until the client closes {@code in} (or reading it
 * fails).
 */
public final class StdioMcpServer {
  private StdioMcpServer() {}

  /** Serves until {@code in} ends (the client closed it or exited), then closes the server. */
  public static void serve(CairnTools tools, InputStream in, OutputStream out)
      throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched =
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            try {
              return signal(super.read());
            } catch (IOException e) {
              ended.countDown();
              throw e;
            }
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            try {
              return signal(super.read(b, off, len));
            } catch (IOException e) {
              ended.countDown();
              throw e;
            }
          }

          private int signal(int n) {
            if (n < 0) {
              ended.countDown();
            }
            return n;
          }

          @Override
          public void close() throws IOException {
            ended.countDown();
            super.close();
          }
        };
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(McpTools.mapper(), watched, out);
    McpSyncServer server = McpTools.build(McpServer.sync(transport), tools, "stdio");
    try {
      ended.await();
    } finally {
      server.closeGracefully();
    }
  }
}
