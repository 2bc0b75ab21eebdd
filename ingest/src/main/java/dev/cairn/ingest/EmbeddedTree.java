package dev.cairn.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.txt.TXTParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * The documents of one Tika parse: receives Tika's embedded resources (mbox/PST message, email
 * attachment, file in an archive) and turns each into a child document linked to its parent (email
 * body parts are merged into their message instead), at most {@value #MAX_EMBEDDED} parts and
 * {@value #MAX_DEPTH} levels deep. Touches only the embedded streams Tika hands it (never closing
 * them) and the {@link ExtractionBudget}. Not thread-safe: one parse, one tree.
 */
final class EmbeddedTree implements EmbeddedDocumentExtractor {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTree.class);
  static final int MAX_EMBEDDED = 200_000;
  static final int MAX_DEPTH = 10;

  /** Mail containers: their messages are the documents, the container itself is not. */
  private static final Set<String> CONTAINER_TYPES =
      Set.of("application/mbox", "application/vnd.ms-outlook-pst");

  /** Tika's plain-text parser: stateless, thread-safe. */
  private static final TXTParser PLAIN_TEXT = new TXTParser();

  private final AutoDetectParser parser;
  private final ParseContext ctx;
  private final ExtractionBudget budget;
  private final List<ExtractedDocument> all = new ArrayList<>();
  private final Deque<ExtractedDocument> stack = new ArrayDeque<>();
  private final Deque<Metadata> metas = new ArrayDeque<>();

  EmbeddedTree(AutoDetectParser parser, ParseContext ctx, ExtractionBudget budget) {
    this.parser = parser;
    this.ctx = ctx;
    this.budget = budget;
  }

  /** Makes the root document (or any part) the parent of the parts parsed until {@link #leave}. */
  void enter(ExtractedDocument doc, Metadata md) {
    stack.push(doc);
    metas.push(md);
  }

  void leave() {
    stack.pop();
    metas.pop();
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
    ParseHandlers h = new ParseHandlers(budget);
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
      MetadataFill.fill(child, md, h, "application/octet-stream");
      throw e;
    } catch (TikaException | IOException | RuntimeException e) {
      if (TikaParse.findEncrypted(e) != null) {
        child.metadata.put("error", "encrypted (password required)");
      } else {
        // Tika's ratio check misfires on embedded parts read from an open container ("0 input
        // bytes"); the whole-file guard in ExtractionBudget is what stops real bombs
        child.metadata.put("error", FileExtractor.corruptReason(e));
      }
      LOG.debug("embedded resource failed: {}", FileExtractor.message(e));
    } catch (SAXException e) {
      child.metadata.put("error", FileExtractor.corruptReason(e));
    } finally {
      stack.pop();
      metas.pop();
      budget.progressed();
    }
    h.finish();
    MetadataFill.fill(child, md, h, "application/octet-stream");
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
      return MetadataFill.EMAIL_TYPES.contains(MediaType.parse(ct).getBaseType().toString());
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

  /** Keeps parsers from closing the container's stream. */
  private static final class ShieldedStream extends java.io.FilterInputStream {
    ShieldedStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
