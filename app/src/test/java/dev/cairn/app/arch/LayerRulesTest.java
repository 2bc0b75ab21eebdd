package dev.cairn.app.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.cairn.app.cli.archviolation.IndexThroughTheLibrary;
import dev.cairn.app.gui.archviolation.DesktopInViewModel;
import dev.cairn.app.gui.archviolation.PdfInViewModel;
import dev.cairn.app.library.archviolation.EvalInLibrary;
import dev.cairn.app.library.archviolation.GuiTypeInService;
import dev.cairn.app.library.archviolation.TikaInViewModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LayerRulesTest {
  private static JavaClasses production;

  @BeforeAll
  static void importCairn() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.cairn");
  }

  @Test
  void productionCodeImportsClassesOfEveryModule() {
    assertThat(production.stream().map(c -> c.getPackageName()))
        .anyMatch(p -> p.startsWith("dev.cairn.app"));
  }

  @Test
  void productionCodeFollowsEveryLayerRule() {
    for (ArchRule rule : LayerRules.ALL) {
      rule.allowEmptyShould(true).check(production);
    }
  }

  @Test
  void aServiceClassImportingJavaFxBreaksTheGuiRule() {
    JavaClasses bad = new ClassFileImporter().importClasses(GuiTypeInService.class);
    assertThatThrownBy(() -> LayerRules.ONLY_THE_GUI_PACKAGE_IMPORTS_JAVAFX.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GuiTypeInService")
        .hasMessageContaining("javafx");
  }

  @Test
  void anAppClassHoldingATikaTypeBreaksTheEngineTypeRule() {
    JavaClasses bad = new ClassFileImporter().importClasses(TikaInViewModel.class);
    assertThatThrownBy(() -> LayerRules.THIRD_PARTY_ENGINE_TYPES_STAY_OUT_OF_THE_APP.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("TikaInViewModel")
        .hasMessageContaining("org.apache.tika");
  }

  @Test
  void aViewModelOpeningTheBrowserThroughAwtBreaksTheViewModelRule() {
    JavaClasses bad = new ClassFileImporter().importClasses(DesktopInViewModel.class);
    assertThatThrownBy(() -> LayerRules.VIEW_MODELS_USE_NO_AWT_OR_PDFBOX.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("DesktopInViewModel")
        .hasMessageContaining("java.awt.Desktop");
  }

  @Test
  void aViewModelReadingAPdfWithPdfBoxBreaksTheViewModelRule() {
    JavaClasses bad = new ClassFileImporter().importClasses(PdfInViewModel.class);
    assertThatThrownBy(() -> LayerRules.VIEW_MODELS_USE_NO_AWT_OR_PDFBOX.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("PdfInViewModel")
        .hasMessageContaining("org.apache.pdfbox");
  }

  @Test
  void aLibraryClassUsingTheEvaluationBreaksTheEvaluationRule() {
    JavaClasses bad = new ClassFileImporter().importClasses(EvalInLibrary.class);
    assertThatThrownBy(() -> LayerRules.ONLY_THE_CLI_USES_THE_EVALUATION.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("EvalInLibrary")
        .hasMessageContaining("dev.cairn.app.eval");
  }

  @Test
  void aCommandReachingTheStoreThroughTheLibraryBreaksTheEngineHandleRule() {
    JavaClasses bad = new ClassFileImporter().importClasses(IndexThroughTheLibrary.class);
    assertThatThrownBy(() -> LayerRules.ENGINE_HANDLES_STAY_IN_THE_LIBRARY.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("IndexThroughTheLibrary")
        .hasMessageContaining("dev.cairn.ingest.DocumentStore");
  }
}
