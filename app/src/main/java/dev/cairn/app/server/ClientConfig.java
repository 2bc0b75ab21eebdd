package dev.cairn.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration snippet an assistant needs to reach Cairn: Claude Desktop's {@code
 * claude_desktop_config.json} and VS Code's {@code .vscode/mcp.json} start {@code cairn mcp}
 * themselves (stdio); the {@code http} snippet points at {@code cairn serve}'s MCP endpoint with
 * the bearer token. Immutable.
 *
 * @param launcher the {@code cairn} command to run (absolute path of the launcher script)
 * @param home Cairn's home when it is not the default; {@code null} for the default
 * @param port the HTTP server's port
 */
public record ClientConfig(String launcher, Path home, int port) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The clients there is a snippet for. */
  public enum Client {
    CLAUDE,
    VSCODE,
    HTTP;

    /** {@code claude}, {@code vscode} or {@code http} (any case). */
    public static Client parse(String text) {
      for (Client c : values()) {
        if (c.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
          return c;
        }
      }
      throw new IllegalArgumentException(
          "unknown client '" + text + "' (expected claude, vscode or http)");
    }

    public String label() {
      return switch (this) {
        case CLAUDE -> "Claude Desktop";
        case VSCODE -> "VS Code";
        case HTTP -> "HTTP (cairn serve)";
      };
    }
  }

  /**
   * The launcher this process was started by ({@code -Dcairn.launcher.path}, set by {@code
   * ./cairn}), else {@code cairn} as found on the PATH.
   */
  public static String defaultLauncher() {
    String path = System.getProperty("cairn.launcher.path");
    return path == null || path.isBlank() ? "cairn" : path;
  }

  /** The snippet for {@code client}, as pretty-printed JSON. */
  public String snippet(Client client) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> servers = new LinkedHashMap<>();
    Map<String, Object> cairn = new LinkedHashMap<>();
    switch (client) {
      case CLAUDE -> {
        cairn.put("command", launcher);
        cairn.put("args", args());
        servers.put("cairn", cairn);
        root.put("mcpServers", servers);
      }
      case VSCODE -> {
        cairn.put("type", "stdio");
        cairn.put("command", launcher);
        cairn.put("args", args());
        servers.put("cairn", cairn);
        root.put("servers", servers);
      }
      case HTTP -> {
        cairn.put("type", "http");
        cairn.put("url", "http://127.0.0.1:" + port + HttpServer.MCP_PATH);
        cairn.put(
            "headers",
            Map.of(
                "Authorization",
                "Bearer <the token in " + AccessToken.file(homeOrDefault()) + ">"));
        servers.put("cairn", cairn);
        root.put("servers", servers);
      }
      default -> throw new IllegalStateException(client.name().toLowerCase(Locale.ROOT));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a client snippet as JSON", e);
    }
  }

  private List<String> args() {
    List<String> args = new ArrayList<>();
    if (home != null) {
      args.add("--home");
      args.add(home.toString());
    }
    args.add("mcp");
    return args;
  }

  private Path homeOrDefault() {
    return home != null ? home : dev.cairn.app.library.CairnHome.defaultHome();
  }
}
