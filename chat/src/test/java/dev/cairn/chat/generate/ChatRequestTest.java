package dev.cairn.chat.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

  @Test
  void aValidRequestKeepsItsValuesAndIsImmutable() {
    ChatRequest r = ChatRequest.builder().system("s").user("u").stop("\n\n").maxTokens(7).build();
    assertThat(r.messages()).hasSize(2);
    assertThat(r.stop()).containsExactly("\n\n");
    assertThatThrownBy(() -> r.messages().add(ChatMessage.user("x")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void invalidRequestsAreRefusedWhenBuilt() {
    assertThatThrownBy(() -> ChatRequest.builder().build()).hasMessageContaining("at least one");
    assertThatThrownBy(() -> ChatRequest.builder().user("u").assistant("a").build())
        .hasMessageContaining("last message must be from the USER");
    assertThatThrownBy(() -> ChatRequest.builder().user("u").system("s").user("v").build())
        .hasMessageContaining("SYSTEM message may only come first");
    assertThatThrownBy(() -> ChatRequest.builder().user("u").maxTokens(0).build())
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> ChatRequest.builder().user("u").temperature(-1).build())
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> ChatRequest.builder().user("u").stop("").build())
        .hasMessageContaining("stop strings");
    assertThatThrownBy(() -> ChatRequest.builder().user("u").timeout(Duration.ZERO).build())
        .hasMessageContaining("timeout");
  }

  @Test
  void stopMatcherHoldsBackAPossibleStopPrefixAndCutsAtTheStop() {
    StopMatcher m = new StopMatcher(java.util.List.of("END"));
    assertThat(m.append("abc E")).isEqualTo("abc ");
    assertThat(m.append("N")).isEmpty();
    assertThat(m.append("Dxyz")).isEmpty();
    assertThat(m.stopped()).isTrue();
    StopMatcher n = new StopMatcher(java.util.List.of("END"));
    assertThat(n.append("abc E")).isEqualTo("abc ");
    assertThat(n.append("x")).isEqualTo("Ex");
    assertThat(n.flush()).isEmpty();
  }
}
