package dev.cairn.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.tika.metadata.Message;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/**
 * Fills an {@link ExtractedDocument} from Tika's metadata and the parse's handlers: media type,
 * title, date, author, and for e-mail the sender, recipients, Message-ID, thread headers and a
 * header section before the body. Touches only the document it is given. Stateless, thread-safe.
 */
final class MetadataFill {
  static final Set<String> EMAIL_TYPES =
      Set.of(
          "message/rfc822",
          "application/vnd.ms-outlook",
          "application/x-tika-pst-mail-item",
          "message/x-emlx");

  private MetadataFill() {}

  static void fill(ExtractedDocument doc, Metadata md, ParseHandlers h, String fallbackType) {
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
    String title = FileExtractor.firstNonBlank(md.get(TikaCoreProperties.TITLE), h.title());
    if (doc.email) {
      String subject = FileExtractor.firstNonBlank(md.get(TikaCoreProperties.SUBJECT), title);
      doc.title = subject;
      doc.sender =
          FileExtractor.firstNonBlank(
              md.get(Message.MESSAGE_FROM), md.get(TikaCoreProperties.CREATOR));
      doc.recipients = join(md.getValues(Message.MESSAGE_TO));
      if (doc.recipients == null) {
        doc.recipients = join(md.getValues(Message.MESSAGE_TO_EMAIL));
      }
      String cc = join(md.getValues(Message.MESSAGE_CC));
      if (cc != null) {
        doc.metadata.put("mail.cc", cc); // a recipient for the to: filter (MessageMeta)
      }
      doc.messageId =
          FileExtractor.firstNonBlank(
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
      doc.title = FileExtractor.firstNonBlank(title, md.get(TikaCoreProperties.RESOURCE_NAME_KEY));
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

  private static Instant date(Metadata md, Property p) {
    try {
      java.util.Date d = md.getDate(p);
      return d == null ? null : d.toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String join(String[] values) {
    if (values == null || values.length == 0) {
      return null;
    }
    return String.join(", ", values);
  }
}
