package dev.cairn.app.library;

import java.util.List;

/** Builds the {@link ModelsReport}. */
final class ModelCatalog {
  private final DefaultLibraryService service;

  ModelCatalog(DefaultLibraryService service) {
    this.service = service;
  }

  ModelsReport report() {
    return new ModelsReport(
        List.of(),
        List.of(),
        List.of(),
        new ModelsReport.OllamaStatus(service.ollamaHost(), false, null, "unknown"),
        null,
        service.settings().chatModel());
  }
}
