package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.testing.OllamaProtocolServer;
import dev.cairn.chat.testing.TinyLlamaGguf;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration: answers streamed through real llama.cpp (fixture GGUF), the Ollama wire protocol, or
 * quoted, over real notes indexed with the default embedding model. The answer path's own behaviour
 * on fixtures is in {@link AnswerEngineTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AnswerTest {
  static final String QUESTION = "How do I add an alias to a note?";

  DefaultLibraryService library;
  Path tmp;

  @BeforeAll
  void indexThreeNotes(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    Path notes = Files.createDirectories(tmp.resolve("notes"));
    Path src =
        TestCorpus.sharedData()
            .resolve("docs/markdown_obsidian_vaults/obsidian-help-en/Linking notes and files");
    for (String f : List.of("Aliases.md", "Embed files.md", "Internal links.md")) {
      Files.copy(src.resolve(f), notes.resolve(f));
    }
    library = DefaultLibraryService.open(tmp.resolve("home"));
    library.answers.prompt = library.answers.prompt.withMaxTokens(48);
    library.index("notes", List.of(notes), IndexingListener.NONE).await();
  }

  @AfterAll
  void close() {
    library.close();
  }

  /** Records the listener calls in order. */
  static class Recorder implements AnswerListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final StringBuilder streamed = new StringBuilder();

    @Override
    public void onSources(List<Source> sources) {
      events.add("sources:" + sources.size());
    }

    @Override
    public synchronized void onToken(String token) {
      if (events.isEmpty() || !events.getLast().equals("token")) {
        events.add("token");
      }
      streamed.append(token);
    }

    @Override
    public void onComplete(Answer answer) {
      events.add("complete");
    }

    @Override
    public void onError(LibraryException error) {
      events.add("error:" + error.kind());
    }
  }

  @Test
  void withoutAChatModelTheAnswerQuotesCitedPassages() throws Exception {
    Recorder r = new Recorder();
    Answer a = library.ask(new AnswerRequest("notes", QUESTION, "none", 3), r).await();
    assertThat(a.extractive()).isTrue();
    assertThat(a.answeredFromSources()).isTrue();
    assertThat(a.modelDescription()).contains("extractive");
    assertThat(a.sources()).hasSize(3);
    assertThat(a.sources().getFirst().item().path().getFileName().toString())
        .isEqualTo("Aliases.md");
    assertThat(a.text()).startsWith(ExtractiveAnswers.PREFIX).containsPattern("” \\[[123]\\]");
    assertThat(r.events).containsExactly("sources:3", "token", "complete");
    assertThat(r.streamed.toString()).isEqualTo(a.text());
  }

  @Test
  void aQuestionTheSourcesDoNotCoverIsAnsweredAsSuch() throws Exception {
    Answer a =
        library
            .ask(
                new AnswerRequest("notes", "What was the price of natural gas in 2001?", "none", 3),
                new Recorder())
            .await();
    assertThat(a.answeredFromSources()).isFalse();
    assertThat(a.text()).startsWith(ExtractiveAnswers.NOT_FOUND);
  }

  @Test
  void aFixtureGgufStreamsTokensThroughLlamaCpp() throws Exception {
    Path gguf = TinyLlamaGguf.write(tmp.resolve("tiny.gguf"));
    Recorder r = new Recorder();
    Answer a = library.ask(new AnswerRequest("notes", QUESTION, "gguf:" + gguf, 2), r).await();
    assertThat(a.extractive()).isFalse();
    assertThat(a.modelDescription()).containsIgnoringCase("llama.cpp");
    assertThat(a.text()).isNotBlank();
    assertThat(r.streamed.toString()).isEqualTo(a.text());
    assertThat(r.events).containsExactly("sources:2", "token", "complete");
  }

  @Test
  void anOllamaModelStreamsOverTheWireProtocolWithCitations() throws Exception {
    try (OllamaProtocolServer server = OllamaProtocolServer.start()) {
      server.setChatReply("Add an aliases property to the note's front matter [1].");
      try (DefaultLibraryService viaOllama =
          DefaultLibraryService.open(library.home(), server.uri())) {
        Recorder r = new Recorder();
        Answer a =
            viaOllama.ask(new AnswerRequest("notes", QUESTION, "ollama:tiny-chat", 3), r).await();
        assertThat(a.text()).isEqualTo("Add an aliases property to the note's front matter [1].");
        assertThat(a.extractive()).isFalse();
        assertThat(a.answeredFromSources()).isTrue();
        assertThat(r.events).containsExactly("sources:3", "token", "complete");
        assertThat(server.requests())
            .anySatisfy(req -> assertThat(req.path()).isEqualTo("/api/chat"));
        String prompt =
            server.requests().stream()
                .filter(req -> req.path().equals("/api/chat"))
                .findFirst()
                .orElseThrow()
                .body()
                .toString();
        assertThat(prompt).contains("[1] ").contains("[3] ").contains(QUESTION);
      }
    }
  }

  @Test
  void ollamaNotRunningFallsBackToQuotedPassagesAndSaysWhy() throws Exception {
    try (DefaultLibraryService down =
        DefaultLibraryService.open(library.home(), URI.create("http://127.0.0.1:9"))) {
      Answer a =
          down.ask(new AnswerRequest("notes", QUESTION, "ollama:llama3.2", 3), new Recorder())
              .await();
      assertThat(a.extractive()).isTrue();
      assertThat(a.text())
          .startsWith("Ollama is not running at 127.0.0.1:9 — start it or choose a GGUF model");
      assertThat(a.modelDescription()).contains("Ollama is not running");
    }
  }

  @Test
  void aMissingGgufFallsBackToQuotedPassages() throws Exception {
    Answer a =
        library
            .ask(
                new AnswerRequest("notes", QUESTION, tmp.resolve("missing.gguf").toString(), 3),
                new Recorder())
            .await();
    assertThat(a.extractive()).isTrue();
    assertThat(a.text()).contains("missing.gguf does not exist");
  }

  @Test
  void unknownModelSpecIsAnInvalidRequest() throws Exception {
    List<LibraryException> errors = new ArrayList<>();
    AnswerTask t =
        library.ask(
            new AnswerRequest("notes", QUESTION, "mystery-model", 3),
            new Recorder() {
              @Override
              public void onError(LibraryException error) {
                errors.add(error);
              }
            });
    assertThatThrownBy(t::await).hasMessageContaining("unknown chat model 'mystery-model'");
    assertThat(errors).hasSize(1);
  }
}
