package dev.cairn.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.html.JSoupParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * EPUB books, chapter by chapter: the OPF spine gives the reading order, each spine item is parsed
 * with Tika's lenient HTML parser (real-world EPUBs often hold XHTML that a strict XML parser
 * rejects) and becomes its own sections, so no chunk spans two chapters. The heading path starts
 * with the chapter's first heading (or its title).
 */
final class EpubExtractor {
  private static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;

  private EpubExtractor() {}

  static Extraction extract(Path file, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String opfPath = rootFile(zip);
      Document opf = xml(zip, opfPath);
      String base = opfPath.contains("/") ? opfPath.substring(0, opfPath.lastIndexOf('/') + 1) : "";
      Map<String, String[]> manifest = new HashMap<>();
      NodeList items = opf.getElementsByTagNameNS("*", "item");
      for (int i = 0; i < items.getLength(); i++) {
        Element e = (Element) items.item(i);
        manifest.put(
            e.getAttribute("id"),
            new String[] {e.getAttribute("href"), e.getAttribute("media-type")});
      }
      ExtractedDocument doc = new ExtractedDocument(0, -1);
      doc.mediaType = "application/epub+zip";
      NodeList titles = opf.getElementsByTagNameNS("*", "title");
      if (titles.getLength() > 0) {
        doc.title = titles.item(0).getTextContent().strip();
      }
      NodeList creators = opf.getElementsByTagNameNS("*", "creator");
      if (creators.getLength() > 0) {
        doc.metadata.put("author", creators.item(0).getTextContent().strip());
      }
      NodeList refs = opf.getElementsByTagNameNS("*", "itemref");
      int chapter = 0;
      boolean limit = false;
      for (int i = 0; i < refs.getLength() && !limit; i++) {
        String[] item = manifest.get(((Element) refs.item(i)).getAttribute("idref"));
        if (item == null || !(item[1].contains("html") || item[1].isEmpty())) {
          continue;
        }
        String href = java.net.URLDecoder.decode(item[0], java.nio.charset.StandardCharsets.UTF_8);
        ZipEntry entry = zip.getEntry(normalize(base + href));
        if (entry == null || entry.getSize() > MAX_ENTRY_BYTES) {
          continue;
        }
        chapter++;
        SectionHandler h = new SectionHandler(false, true, budget);
        Metadata md = new Metadata();
        md.set(TikaCoreProperties.RESOURCE_NAME_KEY, href);
        md.set(Metadata.CONTENT_TYPE, "application/xhtml+xml");
        try (InputStream in = TikaInputStream.get(zip.getInputStream(entry))) {
          new JSoupParser().parse(in, h, md, new ParseContext());
        } catch (TextLimitException e) {
          if (budget.abandoned()) {
            throw new UnsupportedDocumentException(FileState.FAILED, "extraction abandoned");
          }
          limit = true;
        } catch (TikaException | SAXException e) {
          doc.metadata.put("chapter " + chapter + " error", FileExtractor.message(e));
        }
        h.flush();
        String chapterTitle = FileExtractor.firstNonBlank(h.title(), "Chapter " + chapter);
        for (Section s : h.sections()) {
          String path = s.headingPath() == null ? chapterTitle : s.headingPath();
          doc.sections.add(new Section(s.text(), 0, path));
        }
      }
      if (budget.bomb() != null) {
        throw new UnsupportedDocumentException(FileState.FAILED, budget.bomb());
      }
      if (doc.title == null || doc.title.isBlank()) {
        doc.title = file.getFileName().toString();
      }
      if (!doc.hasText()) {
        throw new UnsupportedDocumentException(FileState.SKIPPED, "no text content");
      }
      String note =
          limit
              ? "partly extracted: text limit of " + budget.maxChars() + " characters reached"
              : null;
      return new Extraction("application/epub+zip", List.of(doc), note);
    } catch (ZipException e) {
      throw new UnsupportedDocumentException(
          FileState.FAILED, "corrupt: " + FileExtractor.message(e), e);
    } catch (IOException | SAXException | ParserConfigurationException e) {
      throw new UnsupportedDocumentException(
          FileState.FAILED, "corrupt: " + FileExtractor.message(e), e);
    }
  }

  private static String rootFile(ZipFile zip)
      throws IOException, SAXException, ParserConfigurationException {
    if (zip.getEntry("META-INF/container.xml") != null) {
      Document c = xml(zip, "META-INF/container.xml");
      NodeList roots = c.getElementsByTagNameNS("*", "rootfile");
      if (roots.getLength() > 0) {
        return ((Element) roots.item(0)).getAttribute("full-path");
      }
    }
    List<String> opfs = new ArrayList<>();
    zip.stream().filter(e -> e.getName().endsWith(".opf")).forEach(e -> opfs.add(e.getName()));
    if (opfs.isEmpty()) {
      throw new ZipException("no OPF package document in the EPUB");
    }
    return opfs.get(0);
  }

  private static Document xml(ZipFile zip, String name)
      throws IOException, SAXException, ParserConfigurationException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new ZipException("EPUB entry missing: " + name);
    }
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setExpandEntityReferences(false);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setEntityResolver(
        (publicId, systemId) -> new org.xml.sax.InputSource(new java.io.StringReader("")));
    try (InputStream in = zip.getInputStream(e)) {
      return b.parse(in);
    }
  }

  private static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (p.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else if (!p.isEmpty() && !p.equals(".")) {
        parts.add(p);
      }
    }
    return String.join("/", parts);
  }
}
