package dev.cairn.ingest.language;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import dev.cairn.ingest.lexical.Scripts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tells the main language of a document's text as an ISO 639-1 code ("en", "zh", "my"), or null
 * when it cannot be told (too little text, no clear winner). Text mostly in a script that belongs
 * to one language or family (Han, Kana, Hangul, Thai, Lao, Khmer, Myanmar, Hebrew, Greek…) is told
 * by the Unicode block of its letters, which also covers Burmese and Lao that the n-gram profiles
 * lack; text in shared scripts (Latin, Cyrillic, Arabic, Devanagari) by optimaize's n-gram
 * detector, whose profiles are loaded once on first use. Markdown code is left out when there is
 * prose beside it. Thread-safe.
 */
public final class LanguageGuesser {
  /** At most this many chars of a document are looked at. */
  public static final int SAMPLE_CHARS = 20_000;

  /** Fewer word-like units than this tell nothing. */
  static final int MIN_UNITS = 8;

  /** Fenced and inline Markdown code, left out: its identifiers are English whatever the prose. */
  private static final Pattern CODE = Pattern.compile("(?s)```.*?(```|$)|~~~.*?(~~~|$)|`[^`\n]*`");

  /** The n-gram detector's top language must have at least this probability. */
  static final double MIN_PROBABILITY = 0.80;

  private LanguageGuesser() {}

  /** The language of {@code text}, or null when it cannot be told. */
  public static String guess(CharSequence text) {
    if (text == null) {
      return null;
    }
    CharSequence sample = text.length() > SAMPLE_CHARS ? text.subSequence(0, SAMPLE_CHARS) : text;
    String prose = CODE.matcher(sample).replaceAll(" ");
    Map<UnicodeScript, Integer> units = units(prose);
    int total = units.values().stream().mapToInt(Integer::intValue).sum();
    if (total < MIN_UNITS) {
      units = units(sample); // a document of code only: its identifiers tell what they can
      total = units.values().stream().mapToInt(Integer::intValue).sum();
    }
    if (total < MIN_UNITS) {
      return null;
    }
    Map<UnicodeScript, Integer> letters = units;
    UnicodeScript top = null;
    int topCount = 0;
    for (var e : letters.entrySet()) {
      if (e.getValue() > topCount) {
        top = e.getKey();
        topCount = e.getValue();
      }
    }
    int kana =
        letters.getOrDefault(UnicodeScript.HIRAGANA, 0)
            + letters.getOrDefault(UnicodeScript.KATAKANA, 0);
    int han = letters.getOrDefault(UnicodeScript.HAN, 0);
    if ((top == UnicodeScript.HAN || top == UnicodeScript.HIRAGANA || top == UnicodeScript.KATAKANA)
        && kana * 10 >= kana + han) {
      return "ja"; // Japanese mixes kana into Han text; Chinese has none
    }
    String byBlock = byScript(top);
    if (byBlock != null) {
      return byBlock;
    }
    return byNgrams(total == 0 || prose.isBlank() ? sample : prose);
  }

  /**
   * Word-like units per script: each letter of a no-space script (a Chinese word is one to two
   * characters), each run of letters of any other script.
   */
  private static Map<UnicodeScript, Integer> units(CharSequence text) {
    Map<UnicodeScript, Integer> out = new EnumMap<>(UnicodeScript.class);
    UnicodeScript inWord = null;
    for (int i = 0; i < text.length(); ) {
      int cp = Character.codePointAt(text, i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        if (Character.getType(cp) != Character.NON_SPACING_MARK
            && Character.getType(cp) != Character.COMBINING_SPACING_MARK) {
          inWord = null;
        }
        continue;
      }
      UnicodeScript s = UnicodeScript.of(cp);
      if (Scripts.isNoSpace(cp)) {
        out.merge(s, 1, Integer::sum);
        inWord = null;
      } else if (s != inWord) {
        out.merge(s, 1, Integer::sum);
        inWord = s;
      }
    }
    return out;
  }

  /** The language a script stands for on its own, or null for scripts of many languages. */
  static String byScript(UnicodeScript s) {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case HAN -> "zh";
      case HIRAGANA, KATAKANA -> "ja";
      case HANGUL -> "ko";
      case THAI -> "th";
      case LAO -> "lo";
      case KHMER -> "km";
      case MYANMAR -> "my";
      case TIBETAN -> "bo";
      case GREEK -> "el";
      case HEBREW -> "he";
      case ARMENIAN -> "hy";
      case GEORGIAN -> "ka";
      case ETHIOPIC -> "am";
      case SINHALA -> "si";
      case GUJARATI -> "gu";
      case GURMUKHI -> "pa";
      case TAMIL -> "ta";
      case TELUGU -> "te";
      case KANNADA -> "kn";
      case MALAYALAM -> "ml";
      case ORIYA -> "or";
      default -> null;
    };
  }

  private static String byNgrams(CharSequence sample) {
    List<DetectedLanguage> probs = Holder.DETECTOR.getProbabilities(Holder.TEXTS.forText(sample));
    if (probs.isEmpty() || probs.get(0).getProbability() < MIN_PROBABILITY) {
      return null;
    }
    String lang = probs.get(0).getLocale().getLanguage();
    return lang == null || lang.isBlank() ? null : lang;
  }

  private static final class Holder {
    static final LanguageDetector DETECTOR;
    static final TextObjectFactory TEXTS = CommonTextObjectFactories.forDetectingOnLargeText();

    static {
      try {
        DETECTOR =
            LanguageDetectorBuilder.create(NgramExtractors.standard())
                .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                .build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the language profiles on the class path", e);
      }
    }
  }
}
