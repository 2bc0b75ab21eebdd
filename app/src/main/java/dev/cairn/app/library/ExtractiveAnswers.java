package dev.cairn.app.library;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Answers without a chat model: quotes the sentences of the sources that best match the question's
 * words (IDF-weighted), each in typographic quotes and cited with its source number. It opens with
 * {@link #NOT_FOUND} when no source covers enough of the question: a source covers the words of its
 * title and of all its sentences, because the answer to "how do I make the tart?" is a recipe whose
 * sentences each hold a few of the question's words. Whether the answer came from the sources is
 * then read from the text by {@link dev.cairn.chat.prompt.CitationParser}, as for a model's answer.
 * Stateless and thread-safe.
 */
final class ExtractiveAnswers {
  /** Opening line of every extractive answer. */
  static final String PREFIX =
      "No chat model is available, so here are the most relevant passages from your files:";

  /** Opening line when the passages do not seem to answer the question. */
  static final String NOT_FOUND =
      "The sources do not seem to contain the answer to this question. The closest passages are:";

  /** Share of the question's word weight a source must cover to count as holding the answer. */
  static final double COVERAGE_THRESHOLD = 0.5;

  static final int MAX_PASSAGES = 3;

  private ExtractiveAnswers() {}

  private record Sentence(int source, String text, double score) {}

  /** The answer text: an opening line, then the quoted sentences with their citations. */
  static String compose(String question, List<Source> sources) {
    List<String> terms = Snippets.terms(question).stream().map(ExtractiveAnswers::stem).toList();
    if (sources.isEmpty()) {
      return "The collection has no passages matching this question, so it cannot be answered from"
          + " your files.";
    }
    List<Sentence> sentences = new ArrayList<>();
    List<List<String>> sentenceWords = new ArrayList<>();
    for (Source s : sources) {
      for (String sentence : split(s.item().text())) {
        sentences.add(new Sentence(s.n(), sentence, 0));
        sentenceWords.add(words(sentence));
      }
    }
    Map<String, Double> idf = new HashMap<>();
    for (String t : terms) {
      long df = sentenceWords.stream().filter(w -> w.contains(t)).count();
      idf.put(t, Math.log(1 + (sentences.size() + 1.0) / (df + 0.5)));
    }
    double total = idf.values().stream().mapToDouble(Double::doubleValue).sum();
    List<Sentence> scored = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      double score = 0;
      for (String t : terms) {
        if (sentenceWords.get(i).contains(t)) {
          score += idf.get(t);
        }
      }
      Sentence s = sentences.get(i);
      scored.add(new Sentence(s.source(), s.text(), total == 0 ? 0 : score / total));
    }
    List<Sentence> best =
        scored.stream()
            .sorted(Comparator.comparingDouble(Sentence::score).reversed())
            .filter(s -> s.score() > 0)
            .limit(MAX_PASSAGES)
            .toList();
    boolean answered = total > 0 && bestSourceCoverage(sources, idf) / total >= COVERAGE_THRESHOLD;
    if (best.isEmpty()) {
      // No sentence shares a word with the question: quote the top-ranked source's opening.
      best = List.of(new Sentence(1, split(sources.getFirst().item().text()).getFirst(), 0));
    }
    StringBuilder sb = new StringBuilder(answered ? PREFIX : NOT_FOUND).append("\n\n");
    for (Sentence s : best) {
      sb.append("“").append(s.text()).append("” [").append(s.source()).append("]\n");
    }
    return sb.toString().stripTrailing();
  }

  /** The largest question word weight one source holds in its title and text together. */
  private static double bestSourceCoverage(List<Source> sources, Map<String, Double> idf) {
    double best = 0;
    for (Source s : sources) {
      String title = s.item().title() == null ? "" : s.item().title();
      Set<String> words = new HashSet<>(words(title + " " + s.item().text()));
      words.addAll(words(String.valueOf(s.item().path().getFileName())));
      double covered = 0;
      for (String t : idf.keySet()) {
        if (words.contains(t)) {
          covered += idf.get(t);
        }
      }
      best = Math.max(best, covered);
    }
    return best;
  }

  private static List<String> split(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    List<String> out = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(flat);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      String s = flat.substring(start, end).strip();
      if (s.length() > 400) {
        s = s.substring(0, 400) + "…";
      }
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      out.add(flat.isEmpty() ? "(empty passage)" : flat);
    }
    return out;
  }

  private static List<String> words(String sentence) {
    return Snippets.terms(sentence).stream().map(ExtractiveAnswers::stem).toList();
  }

  /** A light plural/possessive stem so "patients" matches "patient". */
  static String stem(String w) {
    String s = w.toLowerCase(Locale.ROOT);
    if (s.endsWith("'s")) {
      s = s.substring(0, s.length() - 2);
    }
    if (s.length() > 4 && s.endsWith("ies")) {
      return s.substring(0, s.length() - 3) + "y";
    }
    if (s.length() > 3 && s.endsWith("s") && !s.endsWith("ss")) {
      return s.substring(0, s.length() - 1);
    }
    return s;
  }
}
