package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills an ingesting JVM mid-run, restarts in-process, and checks nothing is lost or doubled. */
class KillAndRestartTest {
  static Process startChild(List<String> jvmArgs, Path db, List<Path> roots) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(IngestChildMain.class.getName());
    cmd.add(db.toString());
    roots.forEach(r -> cmd.add(r.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  @Test
  void killingTheProcessMidRunLosesNothingAndDuplicatesNothing(@TempDir Path tmp) throws Exception {
    List<Path> roots = List.of(TestData.doc("emails_enron_sample/maildir/kitchen-l"));
    Path db = tmp.resolve("killed.sqlite");
    Process child = startChild(List.of("-Xmx512m"), db, roots);
    int seenDone = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("done ") && ++seenDone == 60) {
          break;
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(seenDone).as("files committed before the kill").isEqualTo(60);

    int total;
    try (DocumentStore store = DocumentStore.open(db)) {
      int pendingAfterKill = store.files(Optional.of(FileState.PENDING)).size();
      assertThat(pendingAfterKill).as("files queued but not finished at the kill").isPositive();
      try (Ingestor ing = new Ingestor(store, IngestOptions.builder().workerThreads(2).build())) {
        IngestSummary s = ing.ingest(roots, IngestListener.NONE, new CancellationToken());
        assertThat(s.unchanged())
            .as("committed files are not extracted again")
            .isGreaterThanOrEqualTo(60);
        assertThat(s.indexed() + s.unchanged() + s.skipped() + s.failed()).isEqualTo(s.filesSeen());
      }
      assertThat(store.files(Optional.of(FileState.PENDING))).isEmpty();
      total = store.files(Optional.empty()).size();
      assertThat(total).isEqualTo(147);
      for (FileRecord f : store.files(Optional.empty())) {
        assertThat(f.state()).isEqualTo(FileState.INDEXED);
        assertThat(store.documents(f.path())).as("documents of " + f.path()).hasSize(f.documents());
        assertThat(store.chunksOfFile(f.path())).as("chunks of " + f.path()).hasSize(f.chunks());
      }
    }

    Path clean = tmp.resolve("clean.sqlite");
    try (DocumentStore store = DocumentStore.open(clean);
        Ingestor ing = new Ingestor(store, IngestOptions.builder().workerThreads(2).build())) {
      ing.ingest(roots, IngestListener.NONE, new CancellationToken());
    }
    assertThat(fingerprint(db))
        .as("restarted store equals a clean run")
        .isEqualTo(fingerprint(clean));
  }

  /** Per file: documents, chunks and a hash of the chunk texts, in path order. */
  private static String fingerprint(Path db) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                """
                SELECT f.path, f.documents, f.chunks,
                  (SELECT count(*) FROM chunks c WHERE c.file_id = f.id),
                  (SELECT group_concat(length(text) || ':' || page || ':' || start_char, ',')
                     FROM (SELECT * FROM chunks c WHERE c.file_id = f.id ORDER BY c.document_id, c.ordinal))
                FROM files f ORDER BY f.path""")) {
      while (rs.next()) {
        sb.append(rs.getString(1))
            .append('|')
            .append(rs.getInt(2))
            .append('|')
            .append(rs.getInt(3))
            .append('|')
            .append(rs.getInt(4))
            .append('|')
            .append(rs.getString(5))
            .append('\n');
      }
    }
    return sb.toString();
  }
}
