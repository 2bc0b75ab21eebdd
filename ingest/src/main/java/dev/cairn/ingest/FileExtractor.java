package dev.cairn.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Message;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.html.HtmlMapper;
import org.apache.tika.parser.html.IdentityHtmlMapper;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.TeeContentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Turns one file into {@link ExtractedDocument}s. Markdown, plain text and source code are read
 * directly; EPUB is read chapter by chapter; everything else goes through Apache Tika with a fresh
 * {@link AutoDetectParser}, {@link ParseContext} and content handlers per file, and a custom {@link
 * EmbeddedDocumentExtractor} that turns every embedded resource (mbox/PST message, email
 * attachment, file in an archive) into its own document linked to its parent. Email body parts are
 * merged into their message. OCR is not done here: images and PDFs with text-less pages end in an
 * {@link OcrNeededException} for the OCR pass ({@link OcrExtractor}). Thread-safe: the shared
 * {@link TikaConfig} is immutable and nothing else is shared between calls.
 */
final class FileExtractor {
  private static final Logger LOG = LoggerFactory.getLogger(FileExtractor.class);
  private static final int MAX_EMBEDDED = 200_000;
  private static final int MAX_DEPTH = 10;
  private static final Set<String> EMAIL_TYPES =
      Set.of(
          "message/rfc822",
          "application/vnd.ms-outlook",
          "application/x-tika-pst-mail-item",
          "message/x-emlx");

  /** Mail containers: their messages are the documents, the container itself is not. */
  private static final Set<String> CONTAINER_TYPES =
      Set.of("application/mbox", "application/vnd.ms-outlook-pst");

  private static final Set<String> MARKDOWN_EXT = Set.of("md", "markdown", "mdown", "mkd");
  private static final Set<String> TEXT_EXT =
      Set.of(
          "txt",
          "text",
          "log",
          "json",
          "jsonl",
          "yaml",
          "yml",
          "toml",
          "ini",
          "cfg",
          "conf",
          "properties",
          "java",
          "kt",
          "kts",
          "scala",
          "groovy",
          "py",
          "js",
          "mjs",
          "cjs",
          "ts",
          "tsx",
          "jsx",
          "go",
          "rs",
          "c",
          "h",
          "cc",
          "cpp",
          "cxx",
          "hpp",
          "cs",
          "rb",
          "php",
          "swift",
          "sh",
          "bash",
          "zsh",
          "ps1",
          "sql",
          "r",
          "lua",
          "pl",
          "css",
          "scss",
          "less",
          "rst",
          "org",
          "tex",
          "adoc",
          "base",
          "canvas",
          "gradle",
          "bat",
          "vue",
          "svelte",
          "dart",
          "hs",
          "ml",
          "ex",
          "exs",
          "erl",
          "clj",
          "el",
          "vim",
          "dockerfile",
          "makefile",
          "cmake");
  private static final Set<String> UNSUPPORTED_PREFIXES =
      Set.of("image/", "audio/", "video/", "font/");
  private static final Set<String> UNSUPPORTED_TYPES =
      Set.of(
          "application/octet-stream",
          "application/x-executable",
          "application/x-sharedlib",
          "application/x-msdownload",
          "application/java-vm",
          "application/x-sqlite3",
          "application/vnd.sqlite3",
          "application/x-font-ttf");

  /** Tika's plain-text parser: stateless, thread-safe. */
  private static final org.apache.tika.parser.txt.TXTParser PLAIN_TEXT =
      new org.apache.tika.parser.txt.TXTParser();

  private final TikaConfig tika;
  private final Detector detector;

  FileExtractor() {
    this.tika = TikaConfig.getDefaultConfig();
    this.detector = tika.getDetector();
  }

  /**
   * Extracts a file.
   *
   * @throws UnsupportedDocumentException with SKIPPED or FAILED and a user-readable reason when no
   *     document can be taken from the file
   */
  Extraction extract(Path file, ExtractionBudget budget) throws UnsupportedDocumentException {
    String name = file.getFileName().toString();
    String ext = extension(name);
    Metadata md = new Metadata();
    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    try (TikaInputStream in = TikaInputStream.get(file, md)) {
      String type = detector.detect(in, md).getBaseType().toString();
      if (type.equals("text/plain")
          && (ext.isEmpty() || ext.equals("eml"))
          && looksLikeEmail(file)) {
        type = "message/rfc822";
      }
      if (ext.equals("eml") && type.startsWith("text/")) {
        // the extension is explicit; magic can mistake a message with an HTML body for a page
        type = "message/rfc822";
        md.set(TikaCoreProperties.CONTENT_TYPE_USER_OVERRIDE, type);
      }
      if (MARKDOWN_EXT.contains(ext)) {
        return MarkdownExtractor.extract(file, budget);
      }
      if (TEXT_EXT.contains(ext) || (type.equals("text/plain") && !ext.equals("csv"))) {
        return PlainTextExtractor.extract(file, type, budget);
      }
      if (type.equals("application/epub+zip")) {
        return EpubExtractor.extract(file, budget);
      }
      if (ext.equals("msf")) {
        // Thunderbird's Mork summary of the mbox beside it, which is indexed message by message
        throw new UnsupportedDocumentException(
            FileState.SKIPPED, "Thunderbird folder summary (the folder itself is indexed)");
      }
      if (type.equals("application/pgp-encrypted") || ext.equals("gpg") || ext.equals("pgp")) {
        throw new UnsupportedDocumentException(FileState.SKIPPED, "encrypted document (PGP)");
      }
      if (OcrExtractor.isImage(type)) {
        throw new OcrNeededException(type, new int[0], null);
      }
      if (isUnsupported(type)) {
        throw new UnsupportedDocumentException(FileState.SKIPPED, "unsupported file type: " + type);
      }
      if (type.equals("message/rfc822") && isUtf16(file)) {
        // a whole message saved as UTF-16: MIME parsers expect bytes in an ASCII-compatible charset
        byte[] utf8 = utf16ToUtf8(file);
        try (TikaInputStream converted = TikaInputStream.get(utf8)) {
          return parseWithTika(converted, md, type, budget);
        }
      }
      if (type.equals("message/rfc822") && startsWithBlankLine(file)) {
        // some exported messages start with an empty line, which would make the headers body text
        try (InputStream raw = java.nio.file.Files.newInputStream(file);
            TikaInputStream trimmed = TikaInputStream.get(skipLeadingLineBreaks(raw))) {
          return parseWithTika(trimmed, md, type, budget);
        }
      }
      return parseWithTika(in, md, type, budget);
    } catch (AccessDeniedException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, "permission denied", e);
    } catch (NoSuchFileException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, "file disappeared while reading", e);
    } catch (IOException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, "unreadable: " + message(e), e);
    }
  }

  /**
   * Extracts one message of a mail container (RFC 822 bytes) the way a {@code .eml} file is: the
   * message, then its attachments as children.
   *
   * @param name a name for the message in Tika's metadata (the container's file name)
   * @throws UnsupportedDocumentException with SKIPPED or FAILED and a reason when the message
   *     yields no document
   */
  Extraction extractMessage(byte[] rfc822, String name, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    Metadata md = new Metadata();
    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    md.set(TikaCoreProperties.CONTENT_TYPE_USER_OVERRIDE, "message/rfc822");
    int start = 0;
    while (start < rfc822.length && (rfc822[start] == '\n' || rfc822[start] == '\r')) {
      start++;
    }
    // Leading empty lines before headers would make the headers body text: drop them. A message
    // with no headers at all (an empty line, then the body) keeps its empty line, or its body
    // would be read as headers and lost.
    String next =
        new String(
            rfc822,
            start,
            Math.min(200, rfc822.length - start),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    if (start > 0 && !HEADER_LINE.matcher(next).find()) {
      start = 0;
    }
    try (TikaInputStream in =
        TikaInputStream.get(
            start == 0 ? rfc822 : java.util.Arrays.copyOfRange(rfc822, start, rfc822.length))) {
      return parseWithTika(in, md, "message/rfc822", budget);
    } catch (IOException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, "unreadable: " + message(e), e);
    }
  }

  /** A line that is an RFC 5322 header field ("Name: value"). */
  private static final java.util.regex.Pattern HEADER_LINE =
      java.util.regex.Pattern.compile("^[!-9;-~]+:");

  private static final java.util.regex.Pattern HEADER_START =
      java.util.regex.Pattern.compile(
          "(?i)^(date|from|message-id|received|return-path|subject|to|mime-version|delivered-to):");

  /** A header-like first line after leading blank lines (which fool magic-based detection). */
  private static boolean looksLikeEmail(Path file) throws IOException {
    byte[] head = new byte[1024];
    int n;
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    String s = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).stripLeading();
    return HEADER_START.matcher(s).find();
  }

  private static boolean isUtf16(Path file) throws IOException {
    byte[] b = new byte[4];
    int n;
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      n = in.readNBytes(b, 0, 4);
    }
    return n == 4
        && ((b[0] == (byte) 0xFF && b[1] == (byte) 0xFE)
            || (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF)
            || (b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0)
            || (b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0));
  }

  private static byte[] utf16ToUtf8(Path file) throws IOException {
    byte[] raw = java.nio.file.Files.readAllBytes(file);
    java.nio.charset.Charset cs;
    if (raw[0] == (byte) 0xFF && raw[1] == (byte) 0xFE) {
      cs = java.nio.charset.StandardCharsets.UTF_16LE;
      raw = java.util.Arrays.copyOfRange(raw, 2, raw.length);
    } else if (raw[0] == (byte) 0xFE && raw[1] == (byte) 0xFF) {
      cs = java.nio.charset.StandardCharsets.UTF_16BE;
      raw = java.util.Arrays.copyOfRange(raw, 2, raw.length);
    } else {
      cs =
          raw[1] == 0
              ? java.nio.charset.StandardCharsets.UTF_16LE
              : java.nio.charset.StandardCharsets.UTF_16BE;
    }
    return new String(raw, cs).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static boolean startsWithBlankLine(Path file) throws IOException {
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      int b = in.read();
      return b == '\n' || b == '\r';
    }
  }

  private static InputStream skipLeadingLineBreaks(InputStream raw) throws IOException {
    java.io.PushbackInputStream in = new java.io.PushbackInputStream(raw, 1);
    int b;
    while ((b = in.read()) == '\n' || b == '\r') {
      // skip
    }
    if (b >= 0) {
      in.unread(b);
    }
    return in;
  }

  static boolean isUnsupported(String type) {
    if (UNSUPPORTED_TYPES.contains(type)) {
      return true;
    }
    for (String p : UNSUPPORTED_PREFIXES) {
      if (type.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private Extraction parseWithTika(
      TikaInputStream in, Metadata md, String type, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    AutoDetectParser parser = new AutoDetectParser(tika);
    ParseContext ctx = new ParseContext();
    PDFParserConfig pdf = new PDFParserConfig();
    pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
    pdf.setExtractInlineImages(false);
    pdf.setCatchIntermediateIOExceptions(true);
    ctx.set(PDFParserConfig.class, pdf);
    TesseractOCRConfig ocr = new TesseractOCRConfig();
    ocr.setSkipOcr(true);
    ctx.set(TesseractOCRConfig.class, ocr);
    ctx.set(HtmlMapper.class, IdentityHtmlMapper.INSTANCE);
    ctx.set(EncodingDetector.class, new DeclaredCharsetDetector(tika.getEncodingDetector()));
    Tree tree = new Tree(parser, ctx, budget);
    ctx.set(EmbeddedDocumentExtractor.class, tree);

    ExtractedDocument root = tree.newDocument(-1);
    Handlers h = new Handlers(budget);
    Throwable failure = null;
    tree.stack.push(root);
    tree.metas.push(md);
    try {
      parser.parse(in, h.tee(), md, ctx);
    } catch (TextLimitException e) {
      failure = e;
    } catch (SAXException | TikaException | IOException | RuntimeException e) {
      failure = e;
    } catch (StackOverflowError e) {
      failure = new TikaException("parser stack overflow");
    } finally {
      tree.stack.pop();
      tree.metas.pop();
    }
    h.finish();
    fill(root, md, h, type);
    if (budget.abandoned()) {
      List<ExtractedDocument> done = tree.kept();
      if (budget.partsDone() == 0 || done.isEmpty()) {
        throw new UnsupportedDocumentException(FileState.FAILED, "extraction abandoned");
      }
      // A container whose parts were extracted until one of them stalled: keep what was done.
      return new Extraction(
          type,
          done,
          "partly extracted: part "
              + (budget.partsDone() + 1)
              + " took longer than the time limit; the "
              + budget.partsDone()
              + " parts before it are indexed");
    }

    if (budget.bomb() != null) {
      throw new UnsupportedDocumentException(FileState.FAILED, budget.bomb());
    }
    List<ExtractedDocument> kept = tree.kept();
    String note = null;

    if (failure != null) {
      if (budget.limitHit()) {
        note = "partly extracted: text limit of " + budget.maxChars() + " characters reached";
      } else {
        Throwable enc = findEncrypted(failure);
        if (enc != null && kept.isEmpty()) {
          throw new UnsupportedDocumentException(FileState.SKIPPED, encryptedReason(type), failure);
        }
        String reason = corruptReason(failure);
        if (kept.isEmpty()) {
          throw new UnsupportedDocumentException(FileState.FAILED, reason, failure);
        }
        note = "partly extracted: " + reason;
      }
    }
    Integer pdfPages = md.getInt(org.apache.tika.metadata.PagedText.N_PAGES);
    if (type.equals("application/pdf") && pdfPages != null && !budget.limitHit()) {
      int[] textless = OcrExtractor.pagesWithoutText(root.sections, pdfPages);
      if (textless.length > 0) {
        throw new OcrNeededException(
            type, textless, kept.isEmpty() ? null : new Extraction(type, kept, note));
      }
    }
    if (kept.isEmpty()) {
      if (type.equals("application/pdf")) {
        throw new UnsupportedDocumentException(FileState.SKIPPED, "no text layer (scanned image)");
      }
      throw new UnsupportedDocumentException(FileState.SKIPPED, "no text content");
    }
    return new Extraction(type, kept, note);
  }

  static String encryptedReason(String type) {
    String kind =
        switch (type) {
          case "application/pdf" -> "PDF";
          case "application/zip", "application/x-7z-compressed", "application/x-rar-compressed" ->
              "archive";
          default -> "document";
        };
    return "encrypted " + kind + " (password required)";
  }

  static Throwable findEncrypted(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String cn = c.getClass().getName();
      if (c instanceof EncryptedDocumentException
          || cn.equals("org.apache.poi.EncryptedDocumentException")
          || cn.equals("org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException")) {
        return c;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  static String corruptReason(Throwable t) {
    String msg = message(t);
    if (msg.toLowerCase(Locale.ROOT).contains("zip bomb")) {
      return "zip bomb suspected: " + msg;
    }
    return "corrupt: " + msg;
  }

  /** The deepest cause's message on one line, at most 200 characters. */
  static String message(Throwable t) {
    Throwable root = t;
    String best = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      root = c;
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        best = c.getMessage();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    if (root.getMessage() != null && !root.getMessage().isBlank()) {
      best = root.getMessage();
    }
    String m = best == null ? root.getClass().getSimpleName() : best;
    m = m.replaceAll("\\s+", " ").strip();
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 || dot == name.length() - 1
        ? ""
        : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Two teed handlers: one keeps everything, one drops HTML page furniture. */
  private static final class Handlers {
    final SectionHandler full;
    final SectionHandler main;

    Handlers(ExtractionBudget budget) {
      full = new SectionHandler(false, true, budget);
      main = new SectionHandler(true, false, budget);
    }

    ContentHandler tee() {
      return new TeeContentHandler(full, main);
    }

    void finish() {
      full.flush();
      main.flush();
    }

    /** HTML main text when it kept a fair share of the page, else everything. */
    List<Section> sections(String type) {
      if (type.contains("html")) {
        long all = full.textLength();
        long kept = main.textLength();
        if (kept > 0 && (kept >= 0.3 * all || kept >= 2000)) {
          return main.sections();
        }
      }
      return full.sections();
    }

    String title() {
      return full.title();
    }
  }

  private static void fill(ExtractedDocument doc, Metadata md, Handlers h, String fallbackType) {
    String ct = md.get(Metadata.CONTENT_TYPE);
    String type = fallbackType;
    if (ct != null) {
      try {
        type = MediaType.parse(ct).getBaseType().toString();
      } catch (RuntimeException e) {
        type = fallbackType;
      }
    }
    if (type == null) {
      type = "application/octet-stream";
    }
    doc.mediaType = type;
    doc.email = EMAIL_TYPES.contains(type) || md.get(Message.MESSAGE_FROM) != null;
    String title = firstNonBlank(md.get(TikaCoreProperties.TITLE), h.title());
    if (doc.email) {
      String subject = firstNonBlank(md.get(TikaCoreProperties.SUBJECT), title);
      doc.title = subject;
      doc.sender = firstNonBlank(md.get(Message.MESSAGE_FROM), md.get(TikaCoreProperties.CREATOR));
      doc.recipients = join(md.getValues(Message.MESSAGE_TO));
      if (doc.recipients == null) {
        doc.recipients = join(md.getValues(Message.MESSAGE_TO_EMAIL));
      }
      String cc = join(md.getValues(Message.MESSAGE_CC));
      if (cc != null) {
        doc.metadata.put("mail.cc", cc); // a recipient for the to: filter (MessageMeta)
      }
      doc.messageId =
          firstNonBlank(
              md.get(Message.MESSAGE_RAW_HEADER_PREFIX + "Message-ID"),
              md.get(Message.MESSAGE_RAW_HEADER_PREFIX + "Message-Id"),
              md.get(TikaCoreProperties.IDENTIFIER),
              md.get("embeddedRelationshipId"));
      if (doc.messageId != null && !doc.messageId.contains("@")) {
        doc.messageId = null;
      }
      doc.inReplyTo = md.get(Message.MESSAGE_RAW_HEADER_PREFIX + "In-Reply-To");
      doc.references = md.get(Message.MESSAGE_RAW_HEADER_PREFIX + "References");
      doc.date = date(md, TikaCoreProperties.CREATED);
      if (doc.date == null) {
        doc.date = date(md, TikaCoreProperties.MODIFIED);
      }
      StringBuilder header = new StringBuilder();
      appendHeader(header, "From", doc.sender);
      appendHeader(header, "To", doc.recipients);
      appendHeader(header, "Date", doc.date == null ? null : doc.date.toString());
      appendHeader(header, "Subject", subject);
      List<Section> body = new ArrayList<>(h.sections(type));
      body.addAll(0, doc.sections);
      doc.sections.clear();
      if (!header.isEmpty()) {
        doc.sections.add(new Section(header.toString().strip(), 0, null));
      }
      doc.sections.addAll(body);
    } else {
      doc.title = firstNonBlank(title, md.get(TikaCoreProperties.RESOURCE_NAME_KEY));
      doc.date = date(md, TikaCoreProperties.CREATED);
      if (doc.date == null) {
        doc.date = date(md, TikaCoreProperties.MODIFIED);
      }
      String author = md.get(TikaCoreProperties.CREATOR);
      if (author != null) {
        doc.metadata.put("author", author);
      }
      doc.sections.addAll(h.sections(type));
    }
    if (doc.title == null) {
      doc.title = "(untitled)";
    }
    if (doc.title.length() > 500) {
      doc.title = doc.title.substring(0, 500);
    }
  }

  private static void appendHeader(StringBuilder sb, String name, String value) {
    if (value != null && !value.isBlank()) {
      sb.append(name).append(": ").append(value.replaceAll("\\s+", " ").strip()).append('\n');
    }
  }

  private static Instant date(Metadata md, org.apache.tika.metadata.Property p) {
    try {
      java.util.Date d = md.getDate(p);
      return d == null ? null : d.toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  private static String join(String[] values) {
    if (values == null || values.length == 0) {
      return null;
    }
    return String.join(", ", values);
  }

  /**
   * Receives Tika's embedded resources and turns each into a child document (email body parts are
   * merged into their message instead).
   */
  private static final class Tree implements EmbeddedDocumentExtractor {
    final AutoDetectParser parser;
    final ParseContext ctx;
    final ExtractionBudget budget;
    final List<ExtractedDocument> all = new ArrayList<>();
    final Deque<ExtractedDocument> stack = new ArrayDeque<>();
    final Deque<Metadata> metas = new ArrayDeque<>();

    Tree(AutoDetectParser parser, ParseContext ctx, ExtractionBudget budget) {
      this.parser = parser;
      this.ctx = ctx;
      this.budget = budget;
    }

    ExtractedDocument newDocument(int parent) {
      ExtractedDocument d = new ExtractedDocument(all.size(), parent);
      all.add(d);
      return d;
    }

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
      return all.size() < MAX_EMBEDDED && stack.size() < MAX_DEPTH && !budget.abandoned();
    }

    @Override
    public void parseEmbedded(
        InputStream stream, ContentHandler ignored, Metadata md, boolean outputHtml)
        throws SAXException, IOException {
      ExtractedDocument parent = stack.peek();
      Metadata parentMd = metas.peek();
      if (parent == null || parentMd == null) {
        return;
      }
      String disposition = md.get("Content-Disposition");
      boolean bodyPart =
          isEmail(parentMd)
              && md.get(TikaCoreProperties.RESOURCE_NAME_KEY) == null
              && (disposition == null
                  || !disposition.toLowerCase(Locale.ROOT).contains("attachment"));
      ExtractedDocument child = newDocument(parent.index);
      Handlers h = new Handlers(budget);
      stack.push(child);
      metas.push(md);
      // the wrapper's temporary resources (a spooled temp file, the embedded item's open
      // container) are released when this part is done, as Tika's own embedded extractor does;
      // otherwise every spooled attachment leaves an apache-tika-*.tmp file behind
      try (TemporaryResources tmp = new TemporaryResources()) {
        TikaInputStream tis = TikaInputStream.get(new ShieldedStream(stream), tmp, md);
        if (stream instanceof TikaInputStream tin && tin.getOpenContainer() != null) {
          // keep the open container (PST items, OLE attachments) that the parser needs
          tis.setOpenContainer(tin.getOpenContainer());
        }
        if (bodyPart && isPlainText(md)) {
          // a message's plain-text body: no type detection, no CSV sniffing (most of the cost
          // of a mailbox's messages); the declared charset still decides (DeclaredCharsetDetector)
          PLAIN_TEXT.parse(tis, h.tee(), md, ctx);
        } else {
          parser.parse(tis, h.tee(), md, ctx);
        }
      } catch (TextLimitException e) {
        h.finish();
        fill(child, md, h, "application/octet-stream");
        throw e;
      } catch (TikaException | IOException | RuntimeException e) {
        if (findEncrypted(e) != null) {
          child.metadata.put("error", "encrypted (password required)");
        } else {
          // Tika's ratio check misfires on embedded parts read from an open container ("0 input
          // bytes"); the whole-file guard in ExtractionBudget is what stops real bombs
          child.metadata.put("error", corruptReason(e));
        }
        LOG.debug("embedded resource failed: {}", message(e));
      } catch (SAXException e) {
        if (e instanceof TextLimitException) {
          throw e;
        }
        child.metadata.put("error", corruptReason(e));
      } finally {
        stack.pop();
        metas.pop();
        budget.progressed();
      }
      h.finish();
      fill(child, md, h, "application/octet-stream");
      if (bodyPart && !child.email) {
        parent.sections.addAll(child.sections);
        child.sections.clear();
        all.set(child.index, null);
      }
    }

    private static boolean isPlainText(Metadata md) {
      String ct = md.get(Metadata.CONTENT_TYPE);
      if (ct == null) {
        return false;
      }
      try {
        return MediaType.TEXT_PLAIN.equals(MediaType.parse(ct).getBaseType());
      } catch (RuntimeException e) {
        return false;
      }
    }

    private static boolean isEmail(Metadata md) {
      if ("message/rfc822".equals(md.get("Content-Type-Parser-Override"))) {
        return true;
      }
      String ct = md.get(Metadata.CONTENT_TYPE);
      if (ct == null) {
        return false;
      }
      try {
        return EMAIL_TYPES.contains(MediaType.parse(ct).getBaseType().toString());
      } catch (RuntimeException e) {
        return false;
      }
    }

    /**
     * Documents worth storing, in creation order (parents first), each with its parent index
     * rewritten to the nearest kept ancestor.
     */
    List<ExtractedDocument> kept() {
      boolean[] keep = new boolean[all.size()];
      for (ExtractedDocument d : all) {
        if (d != null) {
          keep[d.index] = d.hasText() && !(d.index == 0 && CONTAINER_TYPES.contains(d.mediaType));
        }
      }
      List<ExtractedDocument> out = new ArrayList<>();
      for (ExtractedDocument d : all) {
        if (d == null || !keep[d.index]) {
          continue;
        }
        int p = d.parentIndex;
        while (p >= 0 && (all.get(p) == null || !keep[p])) {
          p = all.get(p) == null ? -1 : all.get(p).parentIndex;
        }
        ExtractedDocument copy = new ExtractedDocument(d.index, p);
        copy.mediaType = d.mediaType;
        copy.title = d.title;
        copy.messageId = d.messageId;
        copy.sender = d.sender;
        copy.recipients = d.recipients;
        copy.date = d.date;
        copy.inReplyTo = d.inReplyTo;
        copy.references = d.references;
        copy.email = d.email;
        copy.metadata.putAll(d.metadata);
        copy.sections.addAll(d.sections);
        out.add(copy);
      }
      return out;
    }
  }

  /** Keeps parsers from closing the container's stream. */
  private static final class ShieldedStream extends java.io.FilterInputStream {
    ShieldedStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
