package dev.cairn.app.library;

import java.util.List;

/**
 * Receives a streamed answer. Called on a background thread of the service, in this order: {@link
 * #onSources} once, {@link #onToken} zero or more times, then exactly one of {@link #onComplete} or
 * {@link #onError}.
 */
public interface AnswerListener {
  void onSources(List<Source> sources);

  void onToken(String token);

  void onComplete(Answer answer);

  void onError(LibraryException error);
}
