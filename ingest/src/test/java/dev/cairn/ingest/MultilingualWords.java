package dev.cairn.ingest;

import java.util.List;
import java.util.stream.Stream;

/**
 * Words taken from the two real notes of {@code docs/multilingual_notes}, each from inside a longer
 * run of its script (FTS5's default tokenizer keeps such a run as one token). The recall test and
 * the lexical benchmark search for the same words.
 */
public final class MultilingualWords {
  /** In {@code embedding-rag-notes.zh.md}. */
  public static final List<String> CHINESE =
      List.of(
          "梯度", "更新", "固定", "刷新", "检索", "关键", "核心", "问题", "详细", "测试", "对比", "创建", "一致", "解决方案",
          "计算梯度");

  /** In {@code leann-faiss-notes.my.md}. */
  public static final List<String> BURMESE =
      List.of(
          "အသုံးပြု",
          "ထုတ်ပေး",
          "ဖြစ်ပါတယ်",
          "ပြောင်း",
          "အနီးဆုံး",
          "ရှာ",
          "နှေး",
          "တည်ဆောက်",
          "အမျိုးအစား",
          "ပါဝင်",
          "သက်သာ",
          "အားသာချက်",
          "အခြေခံ",
          "ပုံမှန်",
          "ကျွန်တော်တို့");

  private MultilingualWords() {}

  /** Both lists, Chinese first. */
  public static List<String> all() {
    return Stream.concat(CHINESE.stream(), BURMESE.stream()).toList();
  }
}
