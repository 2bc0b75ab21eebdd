package dev.cairn.chat.models;

import dev.cairn.chat.convert.ConversionException;
import dev.cairn.chat.convert.GgufInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Lists the GGUF files in Cairn's models folder ({@code <home>/models}), reading each header to
 * tell chat models from embedding models and to flag corrupt files. Partial downloads ({@code
 * *.part}) are skipped. Stateless.
 */
public final class ModelCatalog {
  private ModelCatalog() {}

  /**
   * GGUF files directly in {@code folder}, sorted by name; an absent folder gives an empty list.
   *
   * @throws IOException when the folder exists but cannot be listed
   */
  public static List<GgufModelFile> listGguf(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<GgufModelFile> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(folder)) {
      for (Path p :
          s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf"))
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(f -> f.getFileName().toString()))
              .toList()) {
        out.add(describe(p));
      }
    }
    return out;
  }

  /** Reads one GGUF header; a corrupt file is described, not thrown. */
  public static GgufModelFile describe(Path file) throws IOException {
    long size = Files.size(file);
    try {
      GgufInfo h = GgufInfo.read(file);
      String arch = h.architecture();
      boolean embedding = arch.contains("bert") || arch.isEmpty();
      String name = h.name().isBlank() ? file.getFileName().toString() : h.name();
      return new GgufModelFile(
          file,
          size,
          arch,
          name,
          !h.chatTemplate().isEmpty(),
          !embedding,
          embedding ? "embedding model (general.architecture=" + arch + "), not a chat model" : "");
    } catch (ConversionException e) {
      return new GgufModelFile(
          file, size, "", file.getFileName().toString(), false, false, e.getMessage());
    }
  }
}
