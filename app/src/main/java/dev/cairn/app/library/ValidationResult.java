package dev.cairn.app.library;

import java.util.List;

/**
 * The outcome of checking a collection's files.
 *
 * @param ok whether no problem was found
 * @param problems each problem in one line, with the next step
 */
public record ValidationResult(boolean ok, List<String> problems) {
  public ValidationResult {
    problems = List.copyOf(problems);
  }
}
