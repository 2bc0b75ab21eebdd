package dev.cairn.app.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The names, descriptions and JSON input schemas of Cairn's tools, one place for the MCP server and
 * the HTTP API's {@code GET /api/tools}. Every schema closes {@code additionalProperties}.
 */
public final class ToolCatalog {
  private ToolCatalog() {}

  /**
   * One tool.
   *
   * @param name the tool's name
   * @param title a short human title
   * @param description what it does, for the model choosing tools
   * @param inputSchema its JSON schema, as JSON text
   */
  public record ToolDef(String name, String title, String description, String inputSchema) {}

  private static final String COLLECTION =
      """
      "collection": {"type": "string", "description": "Collection name, from list_collections; may be left out when exactly one is shared."}\
      """;

  /** The tools, in the order clients list them. */
  public static final List<ToolDef> TOOLS =
      List.of(
          new ToolDef(
              CairnTools.SEARCH,
              "Search the user's documents",
              "Searches one of the user's local document collections (notes, PDFs, mail) and"
                  + " returns ranked passages, each with its file path, file URI, page or"
                  + " message, score and snippet. Hybrid mode (default) combines meaning and"
                  + " keywords. Read-only; the documents stay on the user's machine.",
              """
              {"type": "object", "additionalProperties": false, "required": ["query"],
               "properties": {
                "query": {"type": "string", "minLength": 1, "maxLength": %d,
                          "description": "What to look for, in words; may hold mail operators: from:NAME to:NAME folder:NAME after:YYYY-MM-DD before:YYYY-MM-DD has:attachment."},
                %s,
                "k": {"type": "integer", "minimum": 1, "maximum": %d, "default": 10,
                      "description": "How many passages to return."},
                "mode": {"type": "string", "enum": ["hybrid", "vector", "lexical"],
                         "default": "hybrid",
                         "description": "hybrid: meaning and keywords; vector: meaning; lexical: keywords."},
                "filters": {"type": "object", "additionalProperties": false,
                  "description": "Optional restrictions, all combined.",
                  "properties": {
                    "folder": {"type": "string", "description": "Only files under this absolute folder."},
                    "type": {"type": "string", "description": "File types, e.g. pdf or pdf,md,eml."},
                    "from": {"type": "string", "description": "Dated at or after: YYYY-MM-DD or an ISO instant."},
                    "to": {"type": "string", "description": "Dated at or before: YYYY-MM-DD or an ISO instant."},
                    "after": {"type": "string", "description": "Dated on or after this day: YYYY-MM-DD or an ISO instant (mail: the message's date)."},
                    "before": {"type": "string", "description": "Dated before this day: YYYY-MM-DD or an ISO instant."},
                    "sender": {"type": "string", "description": "Mail whose sender contains this text (name or address)."},
                    "recipient": {"type": "string", "description": "Mail whose To or Cc contains this text."},
                    "mail_folder": {"type": "string", "description": "Mail in this mail folder or below it (Inbox, Sent, Archive/2020; an mbox is the folder of its name)."},
                    "has_attachment": {"type": "boolean", "description": "Only mail with an attachment."}
                  }}
               }}"""
                  .formatted(CairnTools.MAX_QUERY_CHARS, COLLECTION, CairnTools.MAX_K)),
          new ToolDef(
              CairnTools.ASK,
              "Answer from the user's documents",
              "Answers a question from one of the user's collections with numbered citations"
                  + " ([1], [2]) to the passages it used; the citations come back as structured"
                  + " content with path, page and snippet. Uses the chat model the user set up in"
                  + " Cairn, else quotes the best passages (extractive). Read-only.",
              """
              {"type": "object", "additionalProperties": false, "required": ["question"],
               "properties": {
                "question": {"type": "string", "minLength": 1, "maxLength": %d},
                %s,
                "k": {"type": "integer", "minimum": 1, "maximum": 20, "default": 5,
                      "description": "How many passages to give the answer."}
               }}"""
                  .formatted(CairnTools.MAX_QUERY_CHARS, COLLECTION)),
          new ToolDef(
              CairnTools.LIST_COLLECTIONS,
              "List the shared collections",
              "Lists the collections the user chose to share with other apps, with their number"
                  + " of files and passages. Other collections are not visible.",
              """
              {"type": "object", "additionalProperties": false, "properties": {}}"""),
          new ToolDef(
              CairnTools.GET_DOCUMENT,
              "Read one document",
              "Returns the text Cairn indexed from one document of a collection (the path a"
                  + " search result gives), in pages of at most max_chars characters: call again"
                  + " with next_offset for more. 'part' picks one page of a PDF or one message of"
                  + " a mail file (the reply lists the parts). Only documents of the collection"
                  + " can be read.",
              """
              {"type": "object", "additionalProperties": false, "required": ["path"],
               "properties": {
                %s,
                "path": {"type": "string", "description": "The document's absolute path, as in a search result."},
                "part": {"type": "integer", "minimum": 0,
                         "description": "Only this part (page or message), numbered from 0."},
                "offset": {"type": "integer", "minimum": 0, "default": 0,
                           "description": "Character offset to start from (next_offset of the previous call)."},
                "max_chars": {"type": "integer", "minimum": 1, "maximum": %d, "default": %d}
               }}"""
                  .formatted(COLLECTION, CairnTools.MAX_PAGE_CHARS, CairnTools.DEFAULT_PAGE_CHARS)),
          new ToolDef(
              CairnTools.COLLECTION_STATS,
              "Collection statistics",
              "Files, passages, index size, embedding model and last update of one shared"
                  + " collection, and what is wrong with its index if anything.",
              """
              {"type": "object", "additionalProperties": false,
               "properties": {%s}}"""
                  .formatted(COLLECTION)));

  /** The tool names, comma-separated. */
  public static String names() {
    return String.join(", ", TOOLS.stream().map(ToolDef::name).toList());
  }

  /** The resource URI of a collection: {@code cairn://collections/NAME}. */
  public static String collectionUri(String collection) {
    return "cairn://collections/"
        + URLEncoder.encode(collection, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
