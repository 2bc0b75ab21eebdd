/**
 * Text generation: {@link dev.cairn.chat.generate.ChatModel} opened through {@link
 * dev.cairn.chat.generate.ChatModels}, streaming through a {@link
 * dev.cairn.chat.generate.TokenHandler} with a cancellable {@link
 * dev.cairn.chat.generate.ChatStream}.
 */
package dev.cairn.chat.generate;
