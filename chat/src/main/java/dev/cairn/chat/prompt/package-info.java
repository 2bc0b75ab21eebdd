/**
 * The one prompt that asks for answers from numbered sources ({@link
 * dev.cairn.chat.prompt.CitedPromptBuilder}) and the one parser that reads the reply into typed
 * segments and decides whether it answered from the sources ({@link
 * dev.cairn.chat.prompt.CitationParser}).
 */
package dev.cairn.chat.prompt;
