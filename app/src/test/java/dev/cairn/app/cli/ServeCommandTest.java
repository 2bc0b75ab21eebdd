package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.ChildJvm;
import dev.cairn.app.library.DefaultLibraryService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn serve} as a real process: it says where it listens and answers with the token. */
class ServeCommandTest {
  @TempDir Path tmp;

  @Test
  void serveListensOnLoopbackPrintsWhereAndAnswersRequestsWithTheToken() throws Exception {
    Path home = tmp.resolve("home");
    try (DefaultLibraryService library = DefaultLibraryService.open(home)) {
      library.createCollection("notes");
    }
    Process p =
        ChildJvm.start(
            "dev.cairn.app.Main",
            "--home",
            home.toString(),
            "serve",
            "--port",
            "0",
            "--collections",
            "notes");
    try {
      String line = ChildJvm.awaitLine(p, "cairn serve: listening on ");
      Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+) ").matcher(line);
      assertThat(m.find()).as(line).isTrue();
      assertThat(line).contains("1 collection(s): notes");
      String token = Files.readString(home.resolve("server/token")).strip();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + m.group(1) + "/api/collections"))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\":\"notes\"");
    } finally {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
