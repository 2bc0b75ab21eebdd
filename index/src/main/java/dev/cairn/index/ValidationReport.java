package dev.cairn.index;

import java.util.List;

/** Outcome of {@link CairnIndex#validate()}: {@code ok} exactly when {@code problems} is empty. */
public record ValidationReport(boolean ok, List<String> problems) {
  public ValidationReport {
    problems = List.copyOf(problems);
  }

  static ValidationReport of(List<String> problems) {
    return new ValidationReport(problems.isEmpty(), problems);
  }
}
