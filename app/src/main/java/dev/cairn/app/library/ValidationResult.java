package dev.cairn.app.library;

import java.util.List;

/**
 * The outcome of checking a collection's files.
 *
 * @param ok whether no problem was found
 * @param problems each problem in one line, naming the file and the one command that fixes it
 * @param repaired what a repair fixed, one line each (empty when nothing was repaired)
 */
public record ValidationResult(boolean ok, List<String> problems, List<String> repaired) {
  public ValidationResult {
    problems = List.copyOf(problems);
    repaired = List.copyOf(repaired);
  }

  /** A check that repaired nothing. */
  public ValidationResult(boolean ok, List<String> problems) {
    this(ok, problems, List.of());
  }
}
