/**
 * Embeddings: {@link dev.cairn.chat.embed.Embedder} and its factory {@link
 * dev.cairn.chat.embed.Embedders}. Start with {@code Embedders.openDefault()}.
 */
package dev.cairn.chat.embed;
