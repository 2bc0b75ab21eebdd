/**
 * Model file formats: a minimal ONNX reader, a GGUF v3 writer and header reader, and the BERT ONNX
 * → GGUF converter the build runs to produce the bundled llama.cpp model.
 */
package dev.cairn.chat.convert;
