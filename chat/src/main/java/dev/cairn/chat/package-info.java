/**
 * Cairn's local models. Packages: {@code embed} (the {@code Embedder} API, ONNX Runtime / llama.cpp
 * / Ollama runtimes, the bundled all-MiniLM-L6-v2), {@code generate} (streaming {@code ChatModel}
 * on llama.cpp or Ollama), {@code models} (Ollama detection, GGUF catalogue, model download),
 * {@code prompt} (cited prompts), {@code convert} (ONNX → GGUF converter run at build time). See
 * docs/decisions/0002-embedding-runtimes.md.
 */
package dev.cairn.chat;
