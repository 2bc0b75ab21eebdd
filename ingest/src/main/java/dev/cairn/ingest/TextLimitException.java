package dev.cairn.ingest;

import org.xml.sax.SAXException;

/** Thrown inside SAX callbacks to stop a parse: text limit reached, or the parse was abandoned. */
final class TextLimitException extends SAXException {
  private static final long serialVersionUID = 1L;

  TextLimitException(String message) {
    super(message);
  }
}
