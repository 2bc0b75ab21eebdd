package dev.cairn.app.library;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Query words to highlight and short excerpts around them. Stateless and thread-safe. */
final class Snippets {
  static final int DEFAULT_LENGTH = 240;

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'_-]*");
  private static final Set<String> STOP =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "by", "can", "did", "do", "does", "for",
          "from", "had", "has", "have", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on",
          "or", "our", "so", "that", "the", "their", "them", "there", "these", "they", "this", "to",
          "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will",
          "with", "you", "your");

  private static final Pattern HEADER_LINE =
      Pattern.compile(
          "(?im)^(from|to|cc|bcc|subject|date|message-id|in-reply-to|references|reply-to"
              + "|content-type|mime-version):[^\\n]*$");
  private static final Pattern HEADING_MARK = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s+");
  private static final Pattern WIKI_ALIAS = Pattern.compile("\\[\\[[^\\]|]*\\|([^\\]]*)]]");
  private static final Pattern WIKI = Pattern.compile("!?\\[\\[([^\\]]*)]]");
  private static final Pattern MD_LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
  private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__|~~|`");

  private Snippets() {}

  /**
   * The text as a reader sees it: Markdown emphasis, heading marks, wiki links ({@code [[note]]},
   * {@code [[note|alias]]}) and links reduced to their words, e-mail header lines dropped.
   */
  static String plain(String text) {
    String t = HEADER_LINE.matcher(text).replaceAll("");
    t = HEADING_MARK.matcher(t).replaceAll("");
    t = WIKI_ALIAS.matcher(t).replaceAll("$1");
    t = WIKI.matcher(t).replaceAll("$1");
    t = MD_LINK.matcher(t).replaceAll("$1");
    return EMPHASIS.matcher(t).replaceAll("");
  }

  /** The distinct content words of a query, lower case, in order (stop words dropped). */
  static List<String> terms(String query) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = WORD.matcher(query);
    while (m.find()) {
      String w = m.group().toLowerCase(Locale.ROOT);
      if (w.length() > 1 && !STOP.contains(w)) {
        out.add(w);
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * An excerpt of about {@code length} characters around the first place where a term occurs
   * (case-insensitive), or the start of the text if none does; whitespace collapsed, "…" marks
   * cuts.
   */
  static String snippet(String text, List<String> terms, int length) {
    String flat = plain(text).replaceAll("\\s+", " ").strip();
    if (flat.length() <= length) {
      return flat;
    }
    String lower = flat.toLowerCase(Locale.ROOT);
    int best = -1;
    for (String t : terms) {
      int i = indexOfWord(lower, t);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    int start = best < 0 ? 0 : Math.max(0, best - length / 3);
    if (start > 0) {
      int space = flat.indexOf(' ', start);
      start = space < 0 || space > best ? start : space + 1;
    }
    int end = Math.min(flat.length(), start + length);
    if (end < flat.length()) {
      int space = flat.lastIndexOf(' ', end);
      end = space > start ? space : end;
    }
    return (start > 0 ? "…" : "") + flat.substring(start, end) + (end < flat.length() ? "…" : "");
  }

  /** Index of {@code word} at a word start in {@code lower}, or -1. */
  static int indexOfWord(String lower, String word) {
    int from = 0;
    while (true) {
      int i = lower.indexOf(word, from);
      if (i < 0) {
        return -1;
      }
      if (i == 0 || !Character.isLetterOrDigit(lower.charAt(i - 1))) {
        return i;
      }
      from = i + 1;
    }
  }
}
