package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One writer per collection, across processes: a real second JVM holds the lock. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CollectionLockTest {
  @TempDir Path tmp;

  private Path notes(int max) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("notes"));
    try (var files = Files.list(LibraryServiceTest.VAULT.resolve("Linking notes and files"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().limit(max).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  @Test
  void aSecondWriterInAnotherProcessIsRefusedAtOnceNamingThePidWhileReadersGoOn() throws Exception {
    Path home = tmp.resolve("home");
    Path notes = notes(2);
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      lib.index("mail", List.of(notes), IndexingListener.NONE).await();
    }
    Path dir = home.resolve("collections/mail");
    Process holder = ChildJvm.start(LockHolderMain.class.getName(), dir.toString());
    try {
      String locked = ChildJvm.awaitLine(holder, "locked ");
      long pid = Long.parseLong(locked.substring("locked ".length()).strip());
      assertThat(pid).isEqualTo(holder.pid());
      try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
        assertThatThrownBy(() -> lib.index("mail", List.of(notes), IndexingListener.NONE))
            .isInstanceOfSatisfying(
                CollectionBusyException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(LibraryException.Kind.BUSY);
                  assertThat(e.holderPid()).isEqualTo(pid);
                  assertThat(e.heldByAnotherProcess()).isTrue();
                })
            .hasMessage(
                "collection 'mail' is being indexed by another Cairn (pid "
                    + pid
                    + ") — it will be searchable when that finishes");
        assertThatThrownBy(() -> lib.rebuild("mail", IndexingListener.NONE))
            .isInstanceOf(CollectionBusyException.class);
        assertThatThrownBy(() -> lib.repair("mail", IndexingListener.NONE))
            .isInstanceOf(CollectionBusyException.class);
        // Readers need no lock: they answer from the last committed state, saying who writes.
        SearchResponse r =
            lib.search(new SearchRequest("mail", "alias", 3, SearchMode.HYBRID, null));
        assertThat(r.items()).isNotEmpty();
        assertThat(r.notices()).anyMatch(n -> n.contains("by another Cairn (pid " + pid + ")"));
        assertThat(lib.health("mail").indexNotice()).contains("pid " + pid);
        assertThat(lib.validate("mail").problems())
            .singleElement()
            .asString()
            .contains("validate again when it finishes");
      }
      // kill -9 of the holder: the OS drops its lock, the stale text is no obstacle.
      holder.destroyForcibly().waitFor();
      assertThat(Files.readString(dir.resolve(CollectionLock.FILE_NAME))).contains("pid=" + pid);
      assertThat(CollectionLock.holder(dir)).isEmpty();
      try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
        IndexingSummary s = lib.index("mail", List.of(notes), IndexingListener.NONE).await();
        assertThat(s.unchanged()).isEqualTo(2);
        assertThat(lib.validate("mail").ok()).isTrue();
      }
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void withinOneProcessASecondHolderIsRefusedAndReleaseLetsTheNextOneIn() throws Exception {
    Path dir = tmp.resolve("c");
    try (CollectionLock first =
        CollectionLock.acquire("c", dir, CollectionLock.Activity.REBUILDING)) {
      assertThat(CollectionLock.holder(dir)).contains(first.holderInfo());
      assertThatThrownBy(() -> CollectionLock.acquire("c", dir, CollectionLock.Activity.INDEXING))
          .isInstanceOf(CollectionBusyException.class)
          .hasMessage("collection 'c' is already being rebuilt — wait for it or cancel it");
    }
    assertThat(CollectionLock.holder(dir)).isEmpty();
    try (CollectionLock again =
        CollectionLock.acquire("c", dir, CollectionLock.Activity.INDEXING)) {
      assertThat(again.holderInfo().pid()).isEqualTo(ProcessHandle.current().pid());
    }
  }

  @Test
  void theHolderTextRoundTripsAndGarbageIsIgnored() {
    var h = new CollectionLock.Holder(4123, CollectionLock.Activity.INDEXING, Instant.EPOCH);
    assertThat(CollectionLock.Holder.parse(h.describe())).contains(h);
    assertThat(CollectionLock.Holder.parse("")).isEmpty();
    assertThat(CollectionLock.Holder.parse("pid=x\nactivity=INDEXING")).isEmpty();
    assertThat(CollectionLock.Holder.parse("\u0000\u0000garbage")).isEmpty();
    assertThat(new CollectionBusyException("mail", java.util.Optional.empty()).getMessage())
        .isEqualTo(
            "collection 'mail' is being changed by another Cairn — it will be searchable when"
                + " that finishes");
  }
}
