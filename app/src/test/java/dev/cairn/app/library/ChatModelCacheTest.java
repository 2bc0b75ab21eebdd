package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.generate.ChatModel;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Choosing another chat model while an answer still streams from the first leaves the first open
 * until that answer ends (it used to be closed under the streaming answer); a model nobody uses is
 * closed as soon as it is replaced.
 */
class ChatModelCacheTest {
  private final Map<Path, ScriptedChatModel> opened = new HashMap<>();

  private ChatModelCache cache() {
    ChatModelCache cache = new ChatModelCache(null);
    cache.factory =
        new ChatModelCache.ModelFactory() {
          @Override
          public ChatModel gguf(ChatModelChoice.Gguf choice) {
            ScriptedChatModel m = new ScriptedChatModel(choice.file().toString(), "ok");
            opened.put(choice.file(), m);
            return m;
          }

          @Override
          public ChatModel ollama(ChatModelChoice.Ollama choice, URI host) {
            throw new AssertionError("not used");
          }
        };
    return cache;
  }

  @Test
  void aReplacedModelStaysOpenUntilItsStreamingAnswerEnds() throws Exception {
    ChatModelCache cache = cache();
    var a = new ChatModelChoice.Gguf(Path.of("/models/a.gguf"));
    var b = new ChatModelChoice.Gguf(Path.of("/models/b.gguf"));
    ChatModelCache.Lease streaming = cache.open(a);
    ChatModelCache.Lease other = cache.open(b);
    assertThat(opened.get(a.file()).isClosed()).isFalse();
    streaming.close();
    assertThat(opened.get(a.file()).isClosed()).isTrue();
    streaming.close(); // a second close changes nothing
    assertThat(opened.get(b.file()).isClosed()).isFalse();
    other.close();
    assertThat(opened.get(b.file()).isClosed()).as("still the cached model").isFalse();

    // Not leased: replaced means closed at once.
    cache.open(a).close();
    assertThat(opened.get(b.file()).isClosed()).isTrue();
    ChatModelCache.Lease last = cache.open(a);
    assertThat(last.model()).isSameAs(opened.get(a.file()));
    cache.close();
    assertThat(opened.get(a.file()).isClosed()).as("leased when the cache closed").isFalse();
    last.close();
    assertThat(opened.get(a.file()).isClosed()).isTrue();
    assertThatThrownBy(() -> cache.open(a)).isInstanceOf(LibraryException.class);
  }
}
