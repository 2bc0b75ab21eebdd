package dev.cairn.ingest.lexical;

/**
 * A maximal piece of one word whose characters are all of one {@link Scripts.Kind} (spaced or
 * no-space); a word such as {@code References编} gives two runs. Format characters inside the word
 * are left out of {@code text} but inside {@code start..end}.
 *
 * @param noSpace whether the run is of a script written without spaces
 * @param text the run's characters, format characters removed
 * @param start offset of its first char in the source text (UTF-16)
 * @param end offset after its last char in the source text (UTF-16)
 * @param word index of the word (maximal sequence between separators) the run belongs to; runs of
 *     one word are glued together
 */
public record TextRun(boolean noSpace, String text, int start, int end, int word) {}
