package dev.cairn.ingest;

import java.util.List;
import org.apache.tika.sax.TeeContentHandler;
import org.xml.sax.ContentHandler;

/**
 * The content handlers of one Tika parse (a file or one embedded part): two teed {@link
 * SectionHandler}s, one that keeps everything and one that drops HTML page furniture, and the
 * choice between them. Not thread-safe; one parse, one instance (never reused across documents).
 */
final class ParseHandlers {
  final SectionHandler full;
  final SectionHandler main;

  ParseHandlers(ExtractionBudget budget) {
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
