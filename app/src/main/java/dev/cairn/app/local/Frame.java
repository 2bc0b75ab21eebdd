package dev.cairn.app.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value of the local channel, read and written with Jackson's streaming API only: the
 * command line's fast path must not pay for {@code ObjectMapper}'s start-up (about 430 classes, a
 * third of a second of CPU on the 2-core machine). Objects keep their field order. A missing field
 * reads as {@link #MISSING}, whose accessors give the defaults. Not thread-safe while being built.
 */
final class Frame {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** What {@link #path} gives for a field that is not there. */
  static final Frame MISSING = new Frame(null);

  private final Object value; // Map<String,Object>, List<Object>, String, Number, Boolean or null

  private Frame(Object value) {
    this.value = value;
  }

  /** A new, empty object. */
  static Frame object() {
    return new Frame(new LinkedHashMap<String, Object>());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map() {
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalStateException("not a JSON object");
    }
    return (Map<String, Object>) m;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list() {
    if (!(value instanceof List<?> l)) {
      throw new IllegalStateException("not a JSON array");
    }
    return (List<Object>) l;
  }

  /** Sets {@code field} to a string, number, boolean or null. Returns this object. */
  Frame put(String field, Object scalar) {
    if (scalar != null
        && !(scalar instanceof String || scalar instanceof Number || scalar instanceof Boolean)) {
      throw new IllegalArgumentException("not a JSON scalar: " + scalar.getClass().getName());
    }
    map().put(field, scalar);
    return this;
  }

  /** A new object stored at {@code field}. */
  Frame putObject(String field) {
    Frame f = object();
    map().put(field, f.value);
    return f;
  }

  /** A new array stored at {@code field}. */
  Frame putArray(String field) {
    Frame f = new Frame(new ArrayList<>());
    map().put(field, f.value);
    return f;
  }

  /** Removes {@code field} from this object. Returns this object. */
  Frame remove(String field) {
    map().remove(field);
    return this;
  }

  /** Appends a scalar to this array. */
  void add(Object scalar) {
    list().add(scalar);
  }

  /** Appends a new object to this array. */
  Frame addObject() {
    Frame f = object();
    list().add(f.value);
    return f;
  }

  boolean isObject() {
    return value instanceof Map;
  }

  boolean has(String field) {
    return value instanceof Map<?, ?> m && m.containsKey(field);
  }

  /** The value of {@code field}, {@link #MISSING} when there is none. */
  Frame path(String field) {
    return value instanceof Map<?, ?> m && m.containsKey(field) ? new Frame(m.get(field)) : MISSING;
  }

  /** The elements of this array; empty when it is not one. */
  List<Frame> elements() {
    if (!(value instanceof List<?> l)) {
      return List.of();
    }
    List<Frame> out = new ArrayList<>(l.size());
    l.forEach(v -> out.add(new Frame(v)));
    return Collections.unmodifiableList(out);
  }

  /** The text of a scalar; null for null, missing or a container. */
  String text() {
    return value instanceof String || value instanceof Number || value instanceof Boolean
        ? String.valueOf(value)
        : null;
  }

  String asText(String orElse) {
    String t = text();
    return t == null ? orElse : t;
  }

  boolean isInteger() {
    return value instanceof Long || value instanceof Integer;
  }

  long asLong(long orElse) {
    return value instanceof Number n ? n.longValue() : orElse;
  }

  int asInt(int orElse) {
    return value instanceof Number n ? n.intValue() : orElse;
  }

  double asDouble(double orElse) {
    return value instanceof Number n ? n.doubleValue() : orElse;
  }

  boolean asBoolean(boolean orElse) {
    return value instanceof Boolean b ? b : orElse;
  }

  /** This value as UTF-8 JSON. */
  byte[] toBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    switch (v) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case Number n -> g.writeNumber(n.doubleValue());
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName((String) e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case List<?> l -> {
        g.writeStartArray();
        for (Object o : l) {
          write(g, o);
        }
        g.writeEndArray();
      }
      default -> throw new IllegalStateException("not JSON: " + v.getClass().getName());
    }
  }

  /**
   * Parses UTF-8 JSON holding exactly one value.
   *
   * @throws IOException when it is not well-formed JSON or has something after the value
   */
  static Frame parse(byte[] json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IOException("a local-channel frame is empty");
      }
      Object v = read(p, t);
      if (p.nextToken() != null) {
        throw new IOException("a local-channel frame has data after its JSON value");
      }
      return new Frame(v);
    }
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
          String field = p.currentName();
          m.put(field, read(p, p.nextToken()));
        }
        yield m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
          l.add(read(p, n));
        }
        yield l;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected JSON token " + t + " in a local-channel frame");
    };
  }
}
