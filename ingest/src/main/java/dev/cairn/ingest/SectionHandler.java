package dev.cairn.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns Tika's XHTML event stream into {@link Section}s: a new section at every PDF page ({@code
 * <div class="page">}) and every heading; headings tracked as a path; block elements become line
 * breaks; the {@code <head>} is ignored. In HTML mode it also drops page furniture (script, style,
 * nav, header, footer, aside, forms and elements whose class/id/role marks them as navigation,
 * menus, sidebars, comments, sharing or ads) so that only the main text remains. One instance per
 * document, never reused.
 */
final class SectionHandler extends DefaultHandler {
  private static final Set<String> BLOCK =
      Set.of(
          "p",
          "div",
          "li",
          "tr",
          "br",
          "table",
          "ul",
          "ol",
          "blockquote",
          "pre",
          "section",
          "article",
          "main",
          "dd",
          "dt",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "hr",
          "figure",
          "figcaption",
          "caption",
          "thead",
          "tbody",
          "dl");
  private static final Set<String> ALWAYS_SKIPPED =
      Set.of("script", "style", "noscript", "template", "svg", "math");
  private static final Set<String> CONTAINERS = Set.of("html", "body", "main", "article");
  private static final Set<String> HTML_FURNITURE =
      Set.of("nav", "header", "footer", "aside", "form", "button", "select", "iframe", "menu");
  private static final Pattern FURNITURE_NAME =
      Pattern.compile(
          "(?i)(^|[\\s_-])(nav|navbar|navigation|menu|sidebar|side-bar|footer|breadcrumbs?|cookie|"
              + "share|sharing|social|comments?|related|advert|ads|ad|promo|subscribe|newsletter|"
              + "masthead|skip|banner|popup|modal|toolbar|pagination|tags)($|[\\s_-])");
  private static final Set<String> FURNITURE_ROLES =
      Set.of("navigation", "banner", "contentinfo", "complementary", "search", "menu");

  private final boolean html;
  private final boolean counts;
  private final ExtractionBudget budget;
  private final List<Section> sections = new ArrayList<>();
  private final String[] headings = new String[6];
  private final StringBuilder text = new StringBuilder();
  private StringBuilder headingText;
  private int headingLevel;
  private int skipDepth;
  private int headDepth;
  private final StringBuilder title = new StringBuilder();
  private boolean inTitle;
  private int page;

  /**
   * @param html drop HTML page furniture
   * @param counts count characters against the budget (only one of two teed handlers should)
   */
  SectionHandler(boolean html, boolean counts, ExtractionBudget budget) {
    this.html = html;
    this.counts = counts;
    this.budget = budget;
  }

  long textLength() {
    long n = text.length();
    for (Section s : sections) {
      n += s.text().length();
    }
    return n;
  }

  List<Section> sections() {
    return sections;
  }

  /** The {@code <title>} from the XHTML head, or null. */
  String title() {
    String t = title.toString().strip();
    return t.isEmpty() ? null : t;
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    budget.check();
    String name = (localName == null || localName.isEmpty() ? qName : localName);
    name = name.toLowerCase(Locale.ROOT);
    if (skipDepth > 0) {
      skipDepth++;
      return;
    }
    if (name.equals("head")) {
      headDepth++;
      return;
    }
    if (headDepth > 0) {
      if (name.equals("title")) {
        inTitle = true;
      }
      headDepth++;
      return;
    }
    if (ALWAYS_SKIPPED.contains(name)
        || (html && !CONTAINERS.contains(name) && isFurniture(name, atts))) {
      skipDepth = 1;
      return;
    }
    if (name.equals("div") && "page".equals(atts.getValue("class"))) {
      flush();
      page++;
      return;
    }
    if (name.length() == 2
        && name.charAt(0) == 'h'
        && name.charAt(1) >= '1'
        && name.charAt(1) <= '6') {
      flush();
      headingLevel = name.charAt(1) - '0';
      headingText = new StringBuilder();
    }
    if (BLOCK.contains(name)) {
      newline();
    } else if (name.equals("td") || name.equals("th")) {
      if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
        text.append('\t');
      }
    }
  }

  private static boolean isFurniture(String name, Attributes atts) {
    if (HTML_FURNITURE.contains(name)) {
      return true;
    }
    String role = atts.getValue("role");
    if (role != null && FURNITURE_ROLES.contains(role.toLowerCase(Locale.ROOT))) {
      return true;
    }
    if (atts.getValue("hidden") != null || "true".equals(atts.getValue("aria-hidden"))) {
      return true;
    }
    String cls = atts.getValue("class");
    String id = atts.getValue("id");
    return (cls != null && FURNITURE_NAME.matcher(cls).find())
        || (id != null && FURNITURE_NAME.matcher(id).find());
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    String name = (localName == null || localName.isEmpty() ? qName : localName);
    name = name.toLowerCase(Locale.ROOT);
    if (skipDepth > 0) {
      skipDepth--;
      return;
    }
    if (headDepth > 0) {
      headDepth--;
      if (name.equals("title")) {
        inTitle = false;
      }
      return;
    }
    if (headingText != null
        && name.length() == 2
        && name.charAt(0) == 'h'
        && name.charAt(1) - '0' == headingLevel) {
      String h = headingText.toString().replaceAll("\\s+", " ").strip();
      headingText = null;
      if (!h.isEmpty()) {
        headings[headingLevel - 1] = h;
        for (int i = headingLevel; i < headings.length; i++) {
          headings[i] = null;
        }
      }
      newline();
      return;
    }
    if (BLOCK.contains(name)) {
      newline();
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    if (skipDepth > 0) {
      return;
    }
    if (headDepth > 0) {
      if (inTitle && title.length() < 1000) {
        title.append(ch, start, length);
      }
      return;
    }
    if (counts) {
      budget.take(length);
    } else {
      budget.check();
    }
    text.append(ch, start, length);
    if (headingText != null && headingText.length() < 500) {
      headingText.append(ch, start, length);
    }
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
    if (skipDepth == 0 && headDepth == 0) {
      text.append(ch, start, length);
    }
  }

  @Override
  public void endDocument() {
    flush();
  }

  private void newline() {
    if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
      text.append('\n');
    }
  }

  /** Ends the current section (call also when a parse stops early, to keep what was read). */
  void flush() {
    String t = tidy(text);
    text.setLength(0);
    if (!t.isBlank()) {
      sections.add(new Section(t, page, headingPath()));
    }
  }

  private String headingPath() {
    StringBuilder sb = new StringBuilder();
    for (String h : headings) {
      if (h != null) {
        if (!sb.isEmpty()) {
          sb.append(" > ");
        }
        sb.append(h);
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  /** Collapses runs of spaces and of blank lines; keeps paragraph breaks. */
  static String tidy(CharSequence raw) {
    StringBuilder out = new StringBuilder(raw.length());
    int newlines = 0;
    boolean space = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\r') {
        continue;
      }
      if (c == '\n') {
        newlines++;
        space = false;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\u00a0' || c == '\f' || c == '\u000b') {
        space = true;
        continue;
      }
      if (Character.isISOControl(c)) {
        continue;
      }
      if (newlines > 0) {
        if (!out.isEmpty()) {
          out.append(newlines > 1 ? "\n\n" : "\n");
        }
        newlines = 0;
        space = false;
      } else if (space) {
        if (!out.isEmpty()) {
          out.append(' ');
        }
        space = false;
      }
      out.append(c);
    }
    return out.toString();
  }
}
