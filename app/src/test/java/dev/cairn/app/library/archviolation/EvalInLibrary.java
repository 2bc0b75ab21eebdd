package dev.cairn.app.library.archviolation;

import dev.cairn.app.eval.BeirEvaluation;

/**
 * Deliberately breaks a layer rule: a library class using the evaluation harness. Lives in test
 * sources only, so that {@code LayerRulesTest} can prove the rule catches it.
 */
public final class EvalInLibrary {
  BeirEvaluation.Report lastReport;
}
