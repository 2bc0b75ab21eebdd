package dev.cairn.ingest;

/**
 * Estimates WordPiece token counts (BERT-style uncased vocabularies such as all-MiniLM-L6-v2): each
 * punctuation or symbol character is one token, each CJK or other non-Latin-script letter one
 * token, each run of Latin letters one token per started 6 characters, each run of digits one token
 * per started 3 digits. On English prose this over-counts by roughly 10-25 %, which keeps chunks
 * below the model limit without a tokenizer.
 */
final class ApproximateTokenCounter implements TokenCounter {
  static final ApproximateTokenCounter INSTANCE = new ApproximateTokenCounter();

  private ApproximateTokenCounter() {}

  @Override
  public int count(String text) {
    int tokens = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
        i += len;
      } else if (Character.isDigit(cp)) {
        int start = i;
        while (i < n && Character.isDigit(text.charAt(i))) {
          i++;
        }
        tokens += (i - start + 2) / 3;
      } else if (Character.isLetter(cp) && isLatin(cp)) {
        int start = i;
        while (i < n && Character.isLetter(text.charAt(i)) && isLatin(text.charAt(i))) {
          i++;
        }
        tokens += (i - start + 5) / 6;
      } else {
        tokens++;
        i += len;
      }
    }
    return tokens;
  }

  private static boolean isLatin(int cp) {
    return cp < 0x250;
  }
}
