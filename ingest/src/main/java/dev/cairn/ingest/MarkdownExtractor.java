package dev.cairn.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown notes (Obsidian vaults included): YAML front matter becomes document metadata (title,
 * date, tags, aliases...), ATX headings ({@code #} to {@code ######}) outside fenced code blocks
 * start new sections and form the heading path. Text is kept as written.
 */
final class MarkdownExtractor {
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.+?)[ \\t#]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
  private static final Pattern KEY_VALUE = Pattern.compile("^([A-Za-z0-9_\\- ]+):\\s*(.*)$");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s+-\\s+(.*)$|^-\\s+(.*)$");

  private MarkdownExtractor() {}

  static Extraction extract(Path file, ExtractionBudget budget)
      throws UnsupportedDocumentException, IOException {
    String text = PlainTextExtractor.read(file, budget);
    if (text.isBlank()) {
      throw new UnsupportedDocumentException(FileState.SKIPPED, "no text content");
    }
    ExtractedDocument doc = new ExtractedDocument(0, -1);
    doc.mediaType = "text/markdown";
    String body = text;
    if (text.startsWith("---\n")) {
      int end = text.indexOf("\n---", 4);
      if (end > 0) {
        int after = text.indexOf('\n', end + 4);
        Map<String, Object> fm = frontMatter(text.substring(4, end));
        doc.metadata.putAll(fm);
        body = after < 0 ? "" : text.substring(after + 1);
      }
    }
    String[] headings = new String[6];
    StringBuilder cur = new StringBuilder();
    String firstH1 = null;
    boolean inFence = false;
    for (String line : body.split("\n", -1)) {
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
      }
      Matcher m = inFence ? null : HEADING.matcher(line);
      if (m != null && m.matches()) {
        addSection(doc, cur, headings);
        int level = m.group(1).length();
        String h = m.group(2).strip();
        headings[level - 1] = h;
        for (int i = level; i < 6; i++) {
          headings[i] = null;
        }
        if (level == 1 && firstH1 == null) {
          firstH1 = h;
        }
        cur.append(h).append('\n');
        continue;
      }
      cur.append(line).append('\n');
    }
    addSection(doc, cur, headings);
    Object fmTitle = doc.metadata.get("title");
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    doc.title =
        FileExtractor.firstNonBlank(
            fmTitle instanceof String s ? s : null,
            firstH1,
            dot > 0 ? name.substring(0, dot) : name);
    for (String key : List.of("date", "created", "published", "updated")) {
      if (doc.metadata.get(key) instanceof String s && doc.date == null) {
        doc.date = parseDate(s);
      }
    }
    if (!doc.hasText()) {
      // a note made only of properties (an Obsidian book or meeting card) is still findable
      StringBuilder props = new StringBuilder();
      for (var e : doc.metadata.entrySet()) {
        String v =
            e.getValue() instanceof List<?> l
                ? String.join(", ", l.stream().map(String::valueOf).toList())
                : String.valueOf(e.getValue());
        if (!v.isBlank()) {
          props.append(e.getKey()).append(": ").append(v).append('\n');
        }
      }
      if (props.isEmpty()) {
        throw new UnsupportedDocumentException(FileState.SKIPPED, "no text content");
      }
      doc.sections.add(new Section(props.toString().strip(), 0, null));
    }
    String note =
        budget.limitHit()
            ? "partly extracted: text limit of " + budget.maxChars() + " characters reached"
            : null;
    return new Extraction("text/markdown", List.of(doc), note);
  }

  private static void addSection(ExtractedDocument doc, StringBuilder cur, String[] headings) {
    String t = cur.toString().strip();
    cur.setLength(0);
    if (t.isEmpty()) {
      return;
    }
    StringBuilder path = new StringBuilder();
    for (String h : headings) {
      if (h != null) {
        if (!path.isEmpty()) {
          path.append(" > ");
        }
        path.append(h);
      }
    }
    doc.sections.add(new Section(t, 0, path.isEmpty() ? null : path.toString()));
  }

  /** A small YAML subset: {@code key: value}, {@code key: [a, b]} and block lists. */
  static Map<String, Object> frontMatter(String yaml) {
    Map<String, Object> out = new LinkedHashMap<>();
    String listKey = null;
    List<String> list = null;
    for (String line : yaml.split("\n")) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      Matcher li = LIST_ITEM.matcher(line);
      if (listKey != null && li.matches()) {
        String v = li.group(1) != null ? li.group(1) : li.group(2);
        list.add(unquote(v.strip()));
        continue;
      }
      Matcher kv = KEY_VALUE.matcher(line);
      if (kv.matches() && !Character.isWhitespace(line.charAt(0))) {
        String key = kv.group(1).strip();
        String value = kv.group(2).strip();
        if (value.isEmpty()) {
          listKey = key;
          list = new ArrayList<>();
          out.put(key, list);
        } else if (value.startsWith("[") && value.endsWith("]")) {
          List<String> items = new ArrayList<>();
          for (String part : value.substring(1, value.length() - 1).split(",")) {
            if (!part.isBlank()) {
              items.add(unquote(part.strip()));
            }
          }
          out.put(key, items);
          listKey = null;
        } else {
          out.put(key, unquote(value));
          listKey = null;
        }
      }
    }
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  static Instant parseDate(String s) {
    String v = s.strip();
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      // try a plain date next
    }
    try {
      return LocalDate.parse(v.length() >= 10 ? v.substring(0, 10) : v)
          .atStartOfDay()
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
