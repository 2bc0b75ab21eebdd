package dev.cairn.app.library;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What is wrong with a {@code collection.json} the parser refused, in words: the setting (field)
 * and the line and column, never the parser's own text ("Cannot deserialize value of type
 * `java.util.ArrayList<java.lang.String>` from String value …"). Stateless.
 */
final class CollectionJsonErrors {
  private static final Pattern UNRECOGNIZED = Pattern.compile("^Unrecognized token '([^']{1,40})'");
  private static final Pattern UNEXPECTED = Pattern.compile("^Unexpected character \\('(.)'");

  private CollectionJsonErrors() {}

  /**
   * "the setting "folders" has the wrong type: expected a list, at line 3, column 14"; "it is not
   * valid JSON (unexpected text 'this') at line 1, column 19".
   */
  static String describe(JsonProcessingException e) {
    return what(e) + where(e.getLocation());
  }

  private static String what(JsonProcessingException e) {
    if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause();
      if (cause instanceof NullPointerException npe && npe.getMessage() != null) {
        return "the setting \"" + npe.getMessage() + "\" is missing or empty";
      }
      return "a setting has no value where one is needed (null)";
    }
    if (e instanceof MismatchedInputException m) {
      String field = field(m);
      if (field.isEmpty()) {
        return "the file must hold one JSON object { … } with the collection's settings";
      }
      return "the setting \"" + field + "\" has the wrong type: expected " + expected(m);
    }
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
      return "the file ends too early (cut off?)";
    }
    Matcher token = UNRECOGNIZED.matcher(original);
    if (token.find()) {
      return "it is not valid JSON (unexpected text '" + token.group(1) + "')";
    }
    Matcher character = UNEXPECTED.matcher(original);
    if (character.find()) {
      return "it is not valid JSON (unexpected '" + character.group(1) + "')";
    }
    return "it is not valid JSON";
  }

  /** The path of the field that failed: "folders", "folders[2]". */
  private static String field(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  private static String expected(MismatchedInputException m) {
    Class<?> t = m.getTargetType();
    if (t == null) {
      return "another kind of value";
    }
    if (Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "a list [ … ]";
    }
    if (CharSequence.class.isAssignableFrom(t)) {
      return "text in quotes";
    }
    if (t == int.class
        || t == long.class
        || t == double.class
        || Number.class.isAssignableFrom(t)) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    return "a " + t.getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String where(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 0
        ? ""
        : ", at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }
}
