package dev.cairn.app.server;

import dev.cairn.app.server.ToolException.Code;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validated reading of a tool's JSON arguments (as a map from the MCP SDK or the HTTP API's
 * body). Unknown names are refused, not ignored, so a misspelt {@code colection} fails loudly. Not
 * thread-safe; one per call.
 */
final class ToolArguments {
  private final String tool;
  private final Map<String, Object> values;

  ToolArguments(String tool, Map<String, Object> values, Set<String> allowed) throws ToolException {
    this.tool = tool;
    this.values = values == null ? Map.of() : values;
    Set<String> unknown = new TreeSet<>(this.values.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw new ToolException(
          Code.INVALID_ARGUMENT,
          tool
              + ": unknown argument(s) "
              + unknown
              + " (accepted: "
              + new TreeSet<>(allowed)
              + ")");
    }
  }

  /** A required, non-blank string of at most {@code maxChars} characters. */
  String requiredText(String name, int maxChars) throws ToolException {
    Optional<String> v = optionalText(name);
    if (v.isEmpty() || v.get().isBlank()) {
      throw new ToolException(Code.INVALID_ARGUMENT, tool + ": '" + name + "' is required");
    }
    String text = v.get().strip();
    if (text.length() > maxChars) {
      throw new ToolException(
          Code.QUERY_TOO_LONG,
          String.format(
              Locale.ROOT,
              "%s: '%s' has %,d characters, at most %,d are accepted",
              tool,
              name,
              text.length(),
              maxChars));
    }
    return text;
  }

  /** A string if present. */
  Optional<String> optionalText(String name) throws ToolException {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw new ToolException(
          Code.INVALID_ARGUMENT, tool + ": '" + name + "' must be a string, got " + describe(v));
    }
    return Optional.of(s);
  }

  /** An integer in {@code [min, max]}, {@code fallback} when absent. */
  int integer(String name, int min, int max, int fallback) throws ToolException {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    long n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else {
      throw new ToolException(
          Code.INVALID_ARGUMENT, tool + ": '" + name + "' must be an integer, got " + describe(v));
    }
    if (n < min || n > max) {
      throw new ToolException(
          Code.INVALID_ARGUMENT,
          tool + ": '" + name + "' must be between " + min + " and " + max + ", got " + n);
    }
    return (int) n;
  }

  /** A boolean, {@code fallback} when absent. */
  boolean bool(String name, boolean fallback) throws ToolException {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new ToolException(
          Code.INVALID_ARGUMENT,
          tool + ": '" + name + "' must be true or false, got " + describe(v));
    }
    return b;
  }

  /** A JSON object argument if present. */
  @SuppressWarnings("unchecked")
  Optional<Map<String, Object>> object(String name) throws ToolException {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new ToolException(
          Code.INVALID_ARGUMENT, tool + ": '" + name + "' must be an object, got " + describe(v));
    }
    return Optional.of((Map<String, Object>) m);
  }

  private static String describe(Object v) {
    String text = String.valueOf(v);
    return (v instanceof String ? "\"" : "")
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
        + (v instanceof String ? "\"" : "");
  }
}
