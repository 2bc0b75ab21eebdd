package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Text in legacy encodings (declared in HTML or undeclared in plain text), mixed scripts in one
 * chunk, right-to-left text, emoji sequences and zero-width characters: every file is extracted as
 * text, its words are found, and snippets hold neither mojibake nor a split character. The fixture
 * files are written by the test from sentence pools drawn with a fixed seed.
 */
class MultilingualBadInputTest {
  @TempDir static Path tmp;
  static DocumentStore store;
  static Path docs;

  private static final List<String> ZH_HANS =
      List.of("向量检索需要计算梯度。", "我们在本地建立索引。", "这个模型支持中文搜索。", "定期刷新嵌入向量。");
  private static final List<String> ZH_HANT =
      List.of("資料庫索引的設計。", "繁體中文的全文檢索。", "這是一個測試文件。", "我們在本機建立資料。");
  private static final List<String> JA =
      List.of("日本語の全文検索をテストします。", "東京で会議があります。", "カタカナのテキストも検索できる。", "明日は雨が降るでしょう。");
  private static final List<String> TH =
      List.of(
          "การค้นหาข้อความภาษาไทย ",
          "ฐานข้อมูลสำหรับเอกสาร ",
          "ทดสอบการตัดคำ ",
          "ระบบค้นหาทำงานได้ดี ");

  @BeforeAll
  static void writeAndIngest() throws Exception {
    docs = Files.createDirectories(tmp.resolve("docs"));
    Random rnd = new Random(20);
    write("zh-gb18030.txt", text(ZH_HANS, rnd), "GB18030", false);
    write("zh-gb18030.html", text(ZH_HANS, rnd), "GB18030", true);
    write("zh-big5.txt", text(ZH_HANT, rnd), "Big5", false);
    write("zh-big5.html", text(ZH_HANT, rnd), "Big5", true);
    write("ja-sjis.txt", text(JA, rnd), "Shift_JIS", false);
    write("ja-sjis.html", text(JA, rnd), "Shift_JIS", true);
    write("th-874.txt", text(TH, rnd), "windows-874", false);
    write("th-874.html", text(TH, rnd), "windows-874", true);
    Files.writeString(
        docs.resolve("mixed.md"),
        """
        # Notes 混合 ဗမာ עברית

        The quick brown fox 计算梯度 then ကျွန်တော်တို့ FAISS သုံးပါမယ် and שלום עולם said \
        مرحبا بالعالم while the team 👩‍💻 and family 👨‍👩‍👧 and flag 🏳️‍🌈 waved.
        Persian می‌خواهم with a zero-width non-joiner, Thai ภาษา​ไทย with a zero-width space,
        soft hy\u00adphen, and a word joiner in 梯\u2060度 inside Chinese.
        """,
        StandardCharsets.UTF_8);
    Files.writeString(
        docs.resolve("rtl.txt"),
        """
        מסמך בעברית על חיפוש טקסט מלא ואינדקס וקטורי.
        החיפוש עובד גם כאשר השורה כתובה מימין לשמאל.
        כל מילה בעברית נמצאת באינדקס של המסמכים.
        مستند باللغة العربية عن البحث في النصوص الكاملة والفهرس.
        Mixed RTL line: the word אינדקס and the word الفهرس beside English.
        """,
        StandardCharsets.UTF_8);
    Files.writeString(
        docs.resolve("rtl-ar.txt"),
        """
        هذا مستند باللغة العربية عن البحث في النصوص الكاملة والفهرس المتجه.
        يعمل البحث عندما يكون النص مكتوبا من اليمين إلى اليسار.
        كل كلمة عربية موجودة في فهرس المستندات الخاصة بنا.
        """,
        StandardCharsets.UTF_8);
    store = DocumentStore.open(tmp.resolve("db.sqlite"));
    try (Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
    }
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static String text(List<String> pool, Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(pool.get(rnd.nextInt(pool.size())));
      if (i % 4 == 3) {
        sb.append('\n');
      }
    }
    for (String s : pool) {
      sb.append(s).append('\n'); // every sentence at least once
    }
    return sb.toString();
  }

  private static void write(String name, String text, String charset, boolean declared)
      throws Exception {
    String content =
        declared
            ? "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset="
                + charset
                + "\"><title>"
                + name
                + "</title></head><body><p>"
                + text.replace("\n", "</p>\n<p>")
                + "</p></body></html>\n"
            : text;
    Files.write(docs.resolve(name), content.getBytes(Charset.forName(charset)));
  }

  @ParameterizedTest
  @CsvSource({
    "zh-gb18030.txt, 梯度",
    "zh-gb18030.txt, 索引",
    "zh-gb18030.html, 中文搜索",
    "zh-big5.txt, 資料庫",
    "zh-big5.html, 檢索",
    "ja-sjis.txt, 検索",
    "ja-sjis.html, 会議",
    "ja-sjis.txt, カタカナ",
    "th-874.txt, ข้อความ",
    "th-874.html, ฐานข้อมูล",
    "mixed.md, 梯度",
    "mixed.md, ကျွန်တော်",
    "mixed.md, שלום",
    "mixed.md, بالعالم",
    "mixed.md, FAISS",
    "mixed.md, family",
    "mixed.md, خواهم",
    "mixed.md, ไทย",
    "rtl.txt, אינדקס",
    "rtl.txt, الفهرس",
    "rtl.txt, בעברית",
    "rtl-ar.txt, المتجه",
    "mixed.md, 梯度"
  })
  void aWordOfEachFileIsFoundInItAndTheSnippetIsCleanText(String file, String word) {
    Path f = docs.resolve(file);
    FileRecord rec = store.file(f).orElseThrow();
    assertThat(rec.state()).as("%s: %s", file, rec.reason()).isEqualTo(FileState.INDEXED);
    List<LexicalHit> hits = store.lexicalSearch(word, 20, ChunkFilter.NONE);
    List<LexicalHit> inFile =
        hits.stream()
            .filter(h -> store.chunk(h.chunkId()).orElseThrow().provenance().file().equals(f))
            .toList();
    assertThat(inFile).as("hits of %s in %s", word, file).isNotEmpty();
    for (LexicalHit h : inFile) {
      String s = h.snippet();
      assertThat(s).contains(LexicalHit.MARK_OPEN).contains(LexicalHit.MARK_CLOSE);
      assertThat(s).doesNotContain("\uFFFD", "Ã", "â€", "ï¼", "¤", "ç");
      assertNoSplitCharacter(s);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "zh-gb18030.txt, zh",
    "zh-big5.txt, zh",
    "ja-sjis.txt, ja",
    "th-874.txt, th",
    "th-874.html, th",
    "rtl.txt, he",
    "rtl-ar.txt, ar",
    "mixed.md, en"
  })
  void theLanguageOfEachFileIsDetected(String file, String language) {
    assertThat(store.documents(docs.resolve(file)))
        .extracting(DocumentRecord::language)
        .containsOnly(language);
  }

  private static void assertNoSplitCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
            .as("paired surrogate at %d in %s", i, s)
            .isTrue();
        i++;
      } else {
        assertThat(Character.isLowSurrogate(c)).as("lone surrogate at %d in %s", i, s).isFalse();
      }
    }
    String inner = s.replace("…", "");
    assertThat(inner).doesNotStartWith("\u200D").doesNotEndWith("\u200D");
  }
}
