package dev.cairn.chat.generate;

import java.time.Duration;

/**
 * A finished answer.
 *
 * @param text everything streamed to {@link TokenHandler#onToken} concatenated (stop string
 *     excluded)
 * @param reason why it ended
 * @param tokens pieces received from the model
 * @param elapsed wall-clock time from {@code stream} to completion
 */
public record ChatCompletion(String text, FinishReason reason, int tokens, Duration elapsed) {}
