/**
 * Internal to the chat module: loading llama.cpp's native library and bounding blocking Ollama
 * client calls. Its types are not part of Cairn's API; other modules use {@code
 * dev.cairn.chat.embed} and {@code dev.cairn.chat.generate}.
 */
package dev.cairn.chat.llama;
