package dev.cairn.ingest.lexical;

import java.lang.Character.UnicodeScript;

/**
 * Which characters belong to a word, and which of them belong to a script written without spaces
 * between words (Chinese, Japanese, Korean, Thai, Lao, Khmer, Burmese). Stateless.
 */
public final class Scripts {
  private Scripts() {}

  /** Character classes of {@link #classify}. */
  public enum Kind {
    /** Space, punctuation, symbols and emoji: ends a word. */
    SEPARATOR,
    /** Format characters inside words (zero-width joiner and non-joiner, soft hyphen): dropped. */
    IGNORABLE,
    /** A letter, digit or mark of a script that separates words with spaces (Latin, Arabic…). */
    SPACED,
    /** A letter or mark of a script written without spaces (Han, Kana, Hangul, Thai, Myanmar…). */
    NO_SPACE
  }

  /**
   * The class of one code point. A combining mark takes the class of the script it belongs to; a
   * mark of the "inherited" script (U+3099 and other shared marks) is {@link Kind#SPACED} here and
   * is re-attached to a preceding no-space letter by {@link Segmenter}.
   */
  public static Kind classify(int cp) {
    if (cp == 0x200B) {
      return Kind.SEPARATOR; // zero-width space: the word break of Thai, Khmer and Burmese text
    }
    int type = Character.getType(cp);
    if (type == Character.FORMAT) {
      return Kind.IGNORABLE;
    }
    boolean letter = Character.isLetter(cp);
    boolean mark =
        type == Character.NON_SPACING_MARK
            || type == Character.COMBINING_SPACING_MARK
            || type == Character.ENCLOSING_MARK;
    boolean digit = Character.isDigit(cp) || type == Character.LETTER_NUMBER;
    if (!letter && !mark && !digit) {
      return Kind.SEPARATOR;
    }
    if (cp == 0x30FC || cp == 0xFF70) {
      return Kind.NO_SPACE; // the Katakana prolonged sound mark is of the "common" script
    }
    if (digit && !letter) {
      return Kind.SPACED; // 0-9 and other decimal digits index like words, also beside Han text
    }
    return isNoSpaceScript(UnicodeScript.of(cp)) ? Kind.NO_SPACE : Kind.SPACED;
  }

  /** Whether a code point is a letter or mark of a script written without spaces. */
  public static boolean isNoSpace(int cp) {
    return classify(cp) == Kind.NO_SPACE;
  }

  /** Whether the text has at least one character of a script written without spaces. */
  public static boolean hasNoSpace(CharSequence text) {
    for (int i = 0; i < text.length(); ) {
      int cp = Character.codePointAt(text, i);
      if (isNoSpace(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  private static boolean isNoSpaceScript(UnicodeScript s) {
    return switch (s) {
      case HAN,
          HIRAGANA,
          KATAKANA,
          BOPOMOFO,
          HANGUL,
          THAI,
          LAO,
          KHMER,
          MYANMAR,
          TAI_LE,
          NEW_TAI_LUE,
          TAI_THAM,
          TAI_VIET,
          BALINESE,
          JAVANESE,
          YI ->
          true;
      default -> false;
    };
  }
}
