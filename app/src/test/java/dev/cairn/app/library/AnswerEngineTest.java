package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.prompt.CitedPromptBuilder;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer path on test fixtures (hashing embedder, scripted chat model, notes written here): no
 * ONNX Runtime, no model file, no shared data. {@link AnswerTest} runs the real models.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnswerEngineTest {
  static final String QUESTION = "How do I add an alias to a note?";
  final ScriptedChatModel model = new ScriptedChatModel("tiny", "");
  DefaultLibraryService library;

  @BeforeAll
  void indexTheFixtureNotes(@TempDir Path tmp) throws Exception {
    library = FixtureLibrary.open(tmp.resolve("home"), model);
    FixtureLibrary.indexNotes(library, tmp);
  }

  @AfterAll
  void close() {
    library.close();
  }

  @Test
  void aChatModelStreamsItsAnswerWordByWordAfterTheSources() throws Exception {
    model.reply("Add an aliases property to the front matter [1].").pause(Duration.ZERO);
    AnswerTest.Recorder r = new AnswerTest.Recorder();
    Answer a = library.ask(new AnswerRequest("notes", QUESTION, "ollama:tiny", 3), r).await();
    assertThat(a.text()).isEqualTo("Add an aliases property to the front matter [1].");
    assertThat(a.extractive()).isFalse();
    assertThat(a.answeredFromSources()).isTrue();
    assertThat(a.modelDescription()).isEqualTo("scripted tiny");
    assertThat(a.sources().getFirst().item().path().getFileName().toString())
        .isEqualTo("Aliases.md");
    assertThat(r.events).containsExactly("sources:3", "token", "complete");
    assertThat(r.streamed.toString()).isEqualTo(a.text());
    String prompt = model.requests().getLast().messages().getLast().content();
    assertThat(prompt).startsWith("Sources:\n\n[1] ").contains("[3] ").contains(QUESTION);
  }

  @Test
  void aModelSayingTheSourcesLackTheAnswerIsFlagged() throws Exception {
    model.reply(CitedPromptBuilder.NO_ANSWER).pause(Duration.ZERO);
    Answer a =
        library
            .ask(
                new AnswerRequest("notes", "Who won the 1998 World Cup?", "ollama:tiny", 2),
                new AnswerTest.Recorder())
            .await();
    assertThat(a.answeredFromSources()).isFalse();
  }

  @Test
  void cancellingAStreamingAnswerEndsItWithCancelled() throws Exception {
    model.reply("word ".repeat(200)).pause(Duration.ofMillis(20));
    AnswerTest.Recorder r = new AnswerTest.Recorder();
    AnswerTask task = library.ask(new AnswerRequest("notes", QUESTION, "ollama:tiny", 1), r);
    while (r.streamed.isEmpty()) {
      Thread.sleep(5);
    }
    task.cancel();
    assertThatThrownBy(task::await)
        .isInstanceOf(LibraryException.class)
        .extracting(e -> ((LibraryException) e).kind())
        .isEqualTo(LibraryException.Kind.CANCELLED);
    assertThat(r.events).last().isEqualTo("error:CANCELLED");
  }

  @Test
  void withoutAChatModelTheAnswerQuotesTheNoteThatHoldsIt() throws Exception {
    Answer a =
        library
            .ask(
                new AnswerRequest("notes", "How long do I bake the nectarine tart?", "none", 2),
                new AnswerTest.Recorder())
            .await();
    assertThat(a.extractive()).isTrue();
    assertThat(a.answeredFromSources()).isTrue();
    assertThat(a.text()).startsWith(ExtractiveAnswers.PREFIX).contains("bake").contains("” [");
  }
}
