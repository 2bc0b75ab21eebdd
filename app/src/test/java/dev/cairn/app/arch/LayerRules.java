package dev.cairn.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * Cairn's layer rules, written down in {@code docs/architecture.md}. Kept apart from the test that
 * applies them so that a second test can prove each rule fails on a deliberately bad class.
 */
final class LayerRules {
  private LayerRules() {}

  static final ArchRule INDEX_DEPENDS_ON_NO_OTHER_CAIRN_MODULE =
      noClasses()
          .that()
          .resideInAPackage("dev.cairn.index..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.cairn.ingest..", "dev.cairn.chat..", "dev.cairn.app..")
          .because("the index is a plain library that knows nothing of files, models or the app");

  static final ArchRule INDEX_USES_NO_RUNTIME_OR_EXTRACTOR =
      noClasses()
          .that()
          .resideInAPackage("dev.cairn.index..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "javafx..",
              "org.apache.tika..",
              "de.kherud..",
              "io.github.ollama4j..",
              "ai.onnxruntime..",
              "ai.djl..")
          .because("the index talks to an embedder interface it defines, not to a model runtime");

  static final ArchRule ONLY_THE_GUI_PACKAGE_IMPORTS_JAVAFX =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.cairn.app.gui..")
          .and()
          .resideInAPackage("dev.cairn..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx..", "atlantafx..")
          .because("only the app's GUI package knows about JavaFX");

  static final ArchRule INGEST_AND_CHAT_NEVER_IMPORT_APP =
      noClasses()
          .that()
          .resideInAnyPackage("dev.cairn.ingest..", "dev.cairn.chat..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.cairn.app..")
          .because("data flows one way: the app uses ingest and chat, never the reverse");

  static final ArchRule INGEST_AND_CHAT_ARE_INDEPENDENT =
      noClasses()
          .that()
          .resideInAPackage("dev.cairn.ingest..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.cairn.chat..")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("dev.cairn.index..")
          .because("ingestion turns files into chunks and knows nothing of models or the index");

  static final ArchRule THIRD_PARTY_ENGINE_TYPES_STAY_OUT_OF_THE_APP =
      noClasses()
          .that()
          .resideInAPackage("dev.cairn.app..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.tika..",
              "de.kherud..",
              "io.github.ollama4j..",
              "ai.onnxruntime..",
              "ai.djl..",
              "java.sql..",
              "io.github.jbellis..")
          .because(
              "Tika, llama.cpp, Ollama, ONNX Runtime, jvector and JDBC types stay inside the module"
                  + " that uses them and never reach the service, the CLI or the view models");

  static final ArchRule VIEW_MODELS_USE_NO_AWT_OR_PDFBOX =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("ViewModel")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.awt..", "org.apache.pdfbox..")
          .because(
              "view models are plain Java tested without a window: the desktop (DesktopApps) and"
                  + " PDF rendering (PdfPageRenderer) stay behind gui classes of their own");

  static final ArchRule THE_MCP_SDK_AND_JETTY_STAY_IN_THE_SERVER_PACKAGE =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.cairn.app.server..")
          .and()
          .resideInAPackage("dev.cairn..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.modelcontextprotocol..", "org.eclipse.jetty..", "jakarta.servlet..", "reactor..")
          .because("the MCP server and the HTTP server are one package; the rest sees CairnTools");

  static final ArchRule ONLY_THE_CLI_USES_THE_EVALUATION =
      noClasses()
          .that()
          .resideInAPackage("dev.cairn..")
          .and()
          .resideOutsideOfPackages("dev.cairn.app.eval..", "dev.cairn.app.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.cairn.app.eval..")
          .because("the evaluation harness reuses the product's code; the product never uses it");

  static final ArchRule ENGINE_HANDLES_STAY_IN_THE_LIBRARY =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.cairn.app.cli..",
              "dev.cairn.app.gui..",
              "dev.cairn.app.server..",
              "dev.cairn.app.local..",
              "dev.cairn.app.platform..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.cairn.index..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.cairn.ingest.DocumentStore")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("dev.cairn.chat.embed..")
          .because(
              "the index, the document store and the embedders are reached through the library's"
                  + " use cases; the library members that return them are public for the"
                  + " evaluation harness (decision 0017) and for nothing else");

  static final ArchRule[] ALL = {
    INDEX_DEPENDS_ON_NO_OTHER_CAIRN_MODULE,
    INDEX_USES_NO_RUNTIME_OR_EXTRACTOR,
    ONLY_THE_GUI_PACKAGE_IMPORTS_JAVAFX,
    INGEST_AND_CHAT_NEVER_IMPORT_APP,
    INGEST_AND_CHAT_ARE_INDEPENDENT,
    THIRD_PARTY_ENGINE_TYPES_STAY_OUT_OF_THE_APP,
    VIEW_MODELS_USE_NO_AWT_OR_PDFBOX,
    THE_MCP_SDK_AND_JETTY_STAY_IN_THE_SERVER_PACKAGE,
    ONLY_THE_CLI_USES_THE_EVALUATION,
    ENGINE_HANDLES_STAY_IN_THE_LIBRARY,
  };
}
