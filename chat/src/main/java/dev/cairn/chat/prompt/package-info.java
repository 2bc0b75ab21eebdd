/** Prompts that ask for answers from numbered sources with {@code [n]} citations. */
package dev.cairn.chat.prompt;
