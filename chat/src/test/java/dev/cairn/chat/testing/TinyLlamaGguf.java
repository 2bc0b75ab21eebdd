package dev.cairn.chat.testing;

import dev.cairn.chat.convert.GgufWriter;
import dev.cairn.chat.convert.GgufWriter.TensorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a tiny llama-architecture GGUF (about 0.5 MB) with seeded random weights, a SentencePiece
 * vocabulary (control tokens, 256 byte-fallback tokens, printable ASCII) and a ChatML chat
 * template. llama.cpp loads it and streams tokens through the real native code path; the text is
 * gibberish but deterministic for a given seed with greedy sampling.
 *
 * <p>Rows of the output matrix for control and non-ASCII byte tokens are zero, so greedy decoding
 * prefers printable ASCII pieces (readable, valid UTF-8 output that rarely ends early).
 */
public final class TinyLlamaGguf {

  /** The ChatML template written into the file (also llama.cpp's built-in "chatml"). */
  public static final String CHAT_TEMPLATE =
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' +"
          + " message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt"
          + " %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

  private static final int N_EMBD = 64;
  private static final int N_HEAD = 4;
  private static final int N_LAYER = 2;
  private static final int N_FF = 128;
  private static final int N_CTX = 2048;

  private TinyLlamaGguf() {}

  /** Writes the model with the default seed 20260101; returns {@code file}. */
  public static Path write(Path file) {
    return write(file, 20260101L);
  }

  /** Writes the model with the given seed; returns {@code file}. */
  public static Path write(Path file, long seed) {
    List<String> tokens = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    tokens.add("<unk>");
    types.add(2);
    tokens.add("<s>");
    types.add(3);
    tokens.add("</s>");
    types.add(3);
    tokens.add("<|im_start|>");
    types.add(3);
    tokens.add("<|im_end|>");
    types.add(3);
    int firstByte = tokens.size();
    for (int b = 0; b < 256; b++) {
      tokens.add(String.format("<0x%02X>", b));
      types.add(6);
    }
    int firstText = tokens.size();
    tokens.add("\u2581");
    types.add(1);
    for (char c = 33; c < 127; c++) {
      tokens.add(String.valueOf(c));
      types.add(1);
    }
    for (String w : new String[] {"\u2581the", "\u2581a", "\u2581and", "\u2581of", "er", "in"}) {
      tokens.add(w);
      types.add(1);
    }
    int vocab = tokens.size();
    float[] scores = new float[vocab];
    int[] typeArr = new int[vocab];
    for (int i = 0; i < vocab; i++) {
      scores[i] =
          i >= firstText ? -(i - firstText) * 0.01f - (tokens.get(i).length() > 1 ? 0 : 1) : 0f;
      typeArr[i] = types.get(i);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    GgufWriter w = new GgufWriter();
    w.putString("general.architecture", "llama");
    w.putString("general.name", "cairn-tiny-random-llama");
    w.putUint32("general.alignment", 32);
    w.putUint32("llama.context_length", N_CTX);
    w.putUint32("llama.embedding_length", N_EMBD);
    w.putUint32("llama.block_count", N_LAYER);
    w.putUint32("llama.feed_forward_length", N_FF);
    w.putUint32("llama.attention.head_count", N_HEAD);
    w.putUint32("llama.attention.head_count_kv", N_HEAD);
    w.putUint32("llama.rope.dimension_count", N_EMBD / N_HEAD);
    w.putFloat32("llama.rope.freq_base", 10000f);
    w.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    w.putUint32("llama.vocab_size", vocab);
    w.putString("tokenizer.ggml.model", "llama");
    w.putStringArray("tokenizer.ggml.tokens", tokens);
    w.putFloat32Array("tokenizer.ggml.scores", scores);
    w.putInt32Array("tokenizer.ggml.token_type", typeArr);
    w.putUint32("tokenizer.ggml.unknown_token_id", 0);
    w.putUint32("tokenizer.ggml.bos_token_id", 1);
    w.putUint32("tokenizer.ggml.eos_token_id", 4);
    w.putBool("tokenizer.ggml.add_bos_token", true);
    w.putBool("tokenizer.ggml.add_eos_token", false);
    w.putString("tokenizer.chat_template", CHAT_TEMPLATE);

    w.addTensor(
        "token_embd.weight",
        new long[] {N_EMBD, vocab},
        TensorType.F32,
        random(rnd, N_EMBD * vocab, 1.0f));
    w.addTensor("output_norm.weight", new long[] {N_EMBD}, TensorType.F32, ones(N_EMBD));
    float[] out = random(rnd, N_EMBD * vocab, 1.0f);
    for (int t = 0; t < vocab; t++) {
      boolean printable = t >= firstText || (t >= firstByte + 0x20 && t < firstByte + 0x7F);
      if (!printable) {
        for (int d = 0; d < N_EMBD; d++) {
          out[t * N_EMBD + d] = 0f;
        }
      }
    }
    w.addTensor("output.weight", new long[] {N_EMBD, vocab}, TensorType.F32, out);
    float s = (float) (1.0 / Math.sqrt(N_EMBD));
    for (int l = 0; l < N_LAYER; l++) {
      String b = "blk." + l + ".";
      w.addTensor(b + "attn_norm.weight", new long[] {N_EMBD}, TensorType.F32, ones(N_EMBD));
      for (String n : new String[] {"attn_q", "attn_k", "attn_v", "attn_output"}) {
        w.addTensor(
            b + n + ".weight",
            new long[] {N_EMBD, N_EMBD},
            TensorType.F32,
            random(rnd, N_EMBD * N_EMBD, s));
      }
      w.addTensor(b + "ffn_norm.weight", new long[] {N_EMBD}, TensorType.F32, ones(N_EMBD));
      w.addTensor(
          b + "ffn_gate.weight",
          new long[] {N_EMBD, N_FF},
          TensorType.F32,
          random(rnd, N_EMBD * N_FF, s));
      w.addTensor(
          b + "ffn_up.weight",
          new long[] {N_EMBD, N_FF},
          TensorType.F32,
          random(rnd, N_EMBD * N_FF, s));
      w.addTensor(
          b + "ffn_down.weight",
          new long[] {N_FF, N_EMBD},
          TensorType.F32,
          random(rnd, N_FF * N_EMBD, (float) (1.0 / Math.sqrt(N_FF))));
    }
    try {
      w.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tiny GGUF " + file, e);
    }
    return file;
  }

  private static float[] random(SplittableRandom rnd, int n, float scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  private static float[] ones(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return a;
  }
}
