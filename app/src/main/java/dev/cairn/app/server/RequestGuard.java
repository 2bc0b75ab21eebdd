package dev.cairn.app.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The checks every request to {@code cairn serve} passes before any tool sees it, in this order:
 *
 * <ol>
 *   <li>{@code Host} must name the loopback address and this port ({@code 127.0.0.1:P}, {@code
 *       localhost:P}, {@code [::1]:P}) — a web page that re-points its own host name at 127.0.0.1
 *       (DNS rebinding) sends its own name and is refused: 403 {@code forbidden_host};
 *   <li>{@code Origin}, when a browser sends one, must be the same loopback origin: 403 {@code
 *       forbidden_origin};
 *   <li>{@code Authorization: Bearer TOKEN} must carry the token: 401 {@code unauthorized};
 *   <li>a declared body larger than {@link HttpServer#MAX_BODY_BYTES}: 413 {@code body_too_large}
 *       (bodies without a length are bounded where they are read).
 * </ol>
 *
 * Thread-safe (immutable).
 */
final class RequestGuard implements Filter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AccessToken token;
  private final Set<String> hosts;
  private final Set<String> origins;

  RequestGuard(AccessToken token, int port) {
    this.token = token;
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
    this.origins =
        Set.of("http://127.0.0.1:" + port, "http://localhost:" + port, "http://[::1]:" + port);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String host = request.getHeader("Host");
    if (host == null || !hosts.contains(host.strip().toLowerCase(java.util.Locale.ROOT))) {
      refuse(response, 403, "forbidden_host", "Host '" + host + "' is not this loopback server");
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !origins.contains(origin.strip().toLowerCase(java.util.Locale.ROOT))) {
      refuse(response, 403, "forbidden_origin", "Origin '" + origin + "' may not call this server");
      return;
    }
    String auth = request.getHeader("Authorization");
    String presented =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).strip()
            : null;
    if (!token.matches(presented)) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"cairn\"");
      refuse(
          response,
          401,
          "unauthorized",
          presented == null
              ? "missing 'Authorization: Bearer TOKEN' (the token is in " + token.path() + ")"
              : "wrong token (the token is in " + token.path() + ")");
      return;
    }
    if (request.getContentLengthLong() > HttpServer.MAX_BODY_BYTES) {
      refuse(
          response,
          413,
          "body_too_large",
          "the request body has "
              + request.getContentLengthLong()
              + " bytes, at most "
              + HttpServer.MAX_BODY_BYTES
              + " are accepted");
      return;
    }
    chain.doFilter(req, res);
  }

  /** Writes {@code {"error": {"code", "message"}}} with {@code status}. */
  static void refuse(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    byte[] body = JSON.writeValueAsBytes(Map.of("error", error));
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
