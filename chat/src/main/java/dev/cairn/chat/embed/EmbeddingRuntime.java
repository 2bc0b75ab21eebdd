package dev.cairn.chat.embed;

/** Where embeddings are computed. */
public enum EmbeddingRuntime {
  /** ONNX Runtime in-process on the model's fp32 ONNX file (the default CPU runtime). */
  ORT,
  /** llama.cpp (de.kherud:llama) in-process on the GGUF Cairn converted from the same ONNX. */
  LLAMA_CPP,
  /** An Ollama server's /api/embed. */
  OLLAMA
}
