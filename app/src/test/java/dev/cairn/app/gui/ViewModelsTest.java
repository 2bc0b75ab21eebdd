package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.CollectionHealth;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.FileState;
import dev.cairn.app.library.IndexingProgress;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view models without a window: a real library service (temporary home, real documents) and the
 * {@link CurrentThreadTaskExecutor}, so results are there when a call returns (or, for work the
 * service itself runs in the background, soon after).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ViewModelsTest {
  @TempDir static Path temp;
  private static LibraryService service;
  private static final TaskExecutor EXECUTOR = new CurrentThreadTaskExecutor();
  private static CollectionsModel collections;
  private static LibraryViewModel library;
  private static final List<Settings.Theme> appliedThemes = new ArrayList<>();

  @BeforeAll
  static void indexTheMixedFolderThroughTheLibraryViewModel() throws Exception {
    service = DefaultLibraryService.open(temp.resolve("home"), URI.create("http://127.0.0.1:1"));
    collections = new CollectionsModel(service, EXECUTOR);
    library = new LibraryViewModel(service, EXECUTOR, collections);
    Path folder = TestLibrary.mixedFolder(temp.resolve("Mixed Folder"));
    library.indexing().addPaths(List.of(folder));
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(180),
                () -> library.indexing().stateProperty().get() == IndexingViewModel.State.FINISHED))
        .as("indexing finished; error: %s", library.errorProperty().get())
        .isTrue();
  }

  @AfterAll
  static void close() {
    service.close();
  }

  @Test
  void droppedFolderBecomesACollectionNamedAfterItWithEveryFileAndItsState() {
    assertThat(collections.selected()).isEqualTo("mixed-folder");
    assertThat(library.fileList().allFiles()).hasSize(9);
    assertThat(library.indexing().summaryProperty().get()).startsWith("Done. 7 indexed");
    assertThat(library.fileList().allFiles())
        .filteredOn(f -> f.state() == FileState.INDEXED)
        .extracting(f -> f.path().getFileName().toString())
        .containsExactlyInAnyOrder(
            "Security and privacy.md",
            "Upgrade Sync encryption.md",
            "Version history.md",
            "Sync regions.md",
            "Headless Sync.md",
            "layout-parser-paper-fast.pdf",
            "fake-email.eml");
    FileEntry locked = entry("password.pdf");
    assertThat(locked.state()).isIn(FileState.SKIPPED, FileState.FAILED);
    assertThat(locked.reason()).containsIgnoringCase("password");
    assertThat(entry("empty.txt").state()).isEqualTo(FileState.SKIPPED);

    library.fileList().stateFilterProperty().set(locked.state());
    try {
      assertThat(library.fileList().files())
          .isNotEmpty()
          .allMatch(f -> f.state() == locked.state());
      assertThat(library.fileList().files()).contains(locked);
    } finally {
      library.fileList().stateFilterProperty().set(null);
    }
    assertThat(library.fileList().files()).hasSize(9);
  }

  private static FileEntry entry(String name) {
    return library.fileList().allFiles().stream()
        .filter(f -> f.path().getFileName().toString().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aCollectionNameIsDerivedFromTheFolderOrTheFilesParent(@TempDir Path dir) throws Exception {
    assertThat(IndexingViewModel.nameFor(Path.of("/home/ann/My Notes (2024)")))
        .isEqualTo("my-notes-2024");
    Path file = Files.writeString(dir.resolve("a.md"), "x");
    assertThat(IndexingViewModel.nameFor(file)).isEqualTo(IndexingViewModel.nameFor(dir));
    assertThat(IndexingViewModel.nameFor(Path.of("/")))
        .isEqualTo(LibraryService.DEFAULT_COLLECTION);
    assertThat(IndexingViewModel.nameFor(Path.of("/tmp/---"))).isEqualTo("default");
  }

  @Test
  void progressIsDescribedInFilesChunksRateAndTimeLeft() {
    String text =
        IndexingViewModel.describe(
            new IndexingProgress(
                IndexingProgress.Phase.EMBEDDING,
                9,
                3,
                1,
                120,
                60,
                31.5,
                Duration.ofMinutes(3),
                "a.pdf"));
    assertThat(text)
        .isEqualTo(
            "Embedding passages · 3 of 9 files · 120 chunks · 31.5 chunks/s · about 3 min left"
                + " · 1 failed");
  }

  @Test
  void progressInsideAMailboxSaysHowManyOfItsMessagesAreRead() {
    String text =
        IndexingViewModel.describe(
            new IndexingProgress(
                IndexingProgress.Phase.EXTRACTING,
                1,
                0,
                0,
                3000,
                0,
                0,
                null,
                "/mail/mail.mbox",
                "mail.mbox: 12,400 of ~48,000 messages (26 %)"));
    assertThat(text)
        .isEqualTo(
            "Reading files · 0 of 1 files · 3,000 chunks"
                + " · mail.mbox: 12,400 of ~48,000 messages (26 %)");
  }

  @Test
  void aSearchFillsTheResultsAndSelectsTheFirstForThePreview() {
    SearchViewModel search = newSearch();
    search.queryProperty().set("end-to-end encryption of the vault");
    search.search();
    assertThat(search.errorProperty().get()).isNull();
    assertThat(search.results()).isNotEmpty();
    assertThat(search.statusProperty().get()).matches("\\d+ results? in \\d+ ms");
    var first = search.results().getFirst();
    assertThat(search.selectedProperty().get()).isEqualTo(first);
    assertThat(search.preview().itemProperty().get()).isEqualTo(first);
    assertThat(search.preview().kindProperty().get())
        .isIn(PreviewViewModel.Kind.SECTION, PreviewViewModel.Kind.TEXT);
    assertThat(search.preview().bodyProperty().get()).isEqualTo(first.text());
  }

  @Test
  void anEmailFoundThroughTypeAndSenderFiltersPreviewsWithItsHeaders() {
    SearchViewModel search = newSearch();
    search.queryProperty().set("roses are red, violets are blue");
    search.fileTypeProperty().set("eml");
    search.senderProperty().set("robinson");
    search.search();
    assertThat(search.errorProperty().get()).isNull();
    assertThat(search.results()).isNotEmpty().allMatch(r -> r.path().toString().endsWith(".eml"));
    assertThat(search.preview().kindProperty().get()).isEqualTo(PreviewViewModel.Kind.EMAIL);
    assertThat(search.preview().headers())
        .contains(new PreviewViewModel.Header("From", search.results().getFirst().sender()));
    assertThat(search.results().getFirst().sender()).containsIgnoringCase("robinson");
  }

  @Test
  void aPdfResultRendersItsCitedPage() {
    SearchViewModel search = newSearch();
    search.queryProperty().set("document image analysis layout detection");
    search.fileTypeProperty().set("pdf");
    search.search();
    assertThat(search.results()).isNotEmpty();
    assertThat(search.preview().kindProperty().get()).isEqualTo(PreviewViewModel.Kind.PDF_PAGE);
    assertThat(search.preview().pageProperty().get()).isNotNull();
    assertThat(search.preview().messageProperty().get()).startsWith("Page ");
  }

  @Test
  void blankQueriesAndEmptyDateRangesAreRefusedWithWordsNotExceptions() {
    SearchViewModel search = newSearch();
    search.queryProperty().set("   ");
    search.search();
    assertThat(search.errorProperty().get()).isEqualTo("Type a few words to search for.");
    search.queryProperty().set("sync");
    search.fromProperty().set(LocalDate.of(2024, 5, 2));
    search.toProperty().set(LocalDate.of(2024, 5, 1));
    search.search();
    assertThat(search.errorProperty().get()).contains("date range is empty");
    assertThat(search.results()).isEmpty();
  }

  @Test
  void withoutAChatModelTheChatSaysWhyAndStillAnswersFromThePassages() throws Exception {
    ChatViewModel chat = new ChatViewModel(service, EXECUTOR, collections, new AwtDesktopApps());
    chat.picker().loadModels();
    assertThat(chat.picker().noChatModelProperty().get()).isTrue();
    assertThat(chat.picker().ollamaStatusProperty().get())
        .isEqualTo("Ollama is not running at 127.0.0.1:1 — start it or choose a GGUF model.");
    assertThat(chat.picker().modelProperty().get()).isEqualTo(ModelPickerViewModel.EXTRACTIVE);

    chat.conversation().questionProperty().set("How do I restore an older version of a note?");
    chat.conversation().send();
    assertThat(chat.conversation().questionProperty().get()).isEmpty();
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(60),
                () ->
                    chat.conversation().messages().getLast().state()
                        != ChatMessage.State.STREAMING))
        .isTrue();
    ChatMessage answer = chat.conversation().messages().getLast();
    assertThat(answer.state()).isEqualTo(ChatMessage.State.DONE);
    assertThat(answer.sources()).isNotEmpty();
    assertThat(answer.text()).contains("[1]");
    assertThat(answer.source(1)).isNotNull();
    assertThat(answer.source(99)).isNull();
    assertThat(chat.conversation().answeringProperty().get()).isFalse();
  }

  @Test
  void pickingAFileThatIsNotAGgufModelSaysWhatToChoose(@TempDir Path dir) throws Exception {
    ChatViewModel chat = new ChatViewModel(service, EXECUTOR, collections, new AwtDesktopApps());
    Path notAModel = Files.writeString(dir.resolve("notes.txt"), "hello");
    chat.picker().useGguf(notAModel);
    assertThat(chat.picker().errorProperty().get())
        .isEqualTo(
            "notes.txt is not a GGUF model file — choose a file ending in .gguf (llama.cpp"
                + " format).");
    assertThat(chat.picker().modelProperty().get()).isEqualTo(ModelPickerViewModel.EXTRACTIVE);
  }

  @Test
  void healthComparesTheIndexWithAConventionalVectorStoreAndValidates() {
    HealthViewModel health =
        new HealthViewModel(service, EXECUTOR, collections, library.indexing());
    health.refresh();
    CollectionHealth h = health.healthProperty().get();
    assertThat(h).isNotNull();
    assertThat(h.chunks()).isPositive();
    assertThat(health.ratioTextProperty().get())
        .startsWith("Cairn's index takes ")
        .contains("a conventional vector store would need for the same");
    health.validate();
    assertThat(health.validationProperty().get()).isEqualTo("No problems found.");
    assertThat(health.problems()).isEmpty();
  }

  @Test
  void theRatioIsPutInWords() {
    var h =
        new CollectionHealth(
            "c", 1_000_000, 15_000_000, 1 / 15.0, 0, 9_876, 9, 384, "m", 0.4, Instant.EPOCH);
    assertThat(HealthViewModel.describeRatio(h))
        .isEqualTo(
            "Cairn's index takes 976.6 KB on disk — 7 % of the 14.3 MB a conventional vector"
                + " store would need for the same 9,876 chunks (15× smaller).");
    var empty = new CollectionHealth("c", 0, 0, 0, 0, 0, 0, 0, null, 0, null);
    assertThat(HealthViewModel.describeRatio(empty)).startsWith("The index is empty");
  }

  @Test
  void settingsLoadSaveAndRefuseABadOllamaHostWithTheNextStep() {
    SettingsViewModel settings = new SettingsViewModel(service, EXECUTOR, appliedThemes::add);
    settings.load();
    assertThat(settings.ollamaHostProperty().get())
        .isEqualTo(service.settings().ollamaHost().toString());
    assertThat(settings.dataLocationProperty().get())
        .isEqualTo(service.home().toAbsolutePath().toString());
    assertThat(settings.embeddingProperty().get()).isNotBlank();
    assertThat(SettingsViewModel.PRIVACY).contains("local model server you chose");

    settings.ollamaHostProperty().set("localhost:11434");
    settings.save();
    assertThat(settings.errorProperty().get())
        .contains("Ollama host must be an http(s) URL such as http://localhost:11434");

    settings.ollamaHostProperty().set("http://127.0.0.1:1");
    settings.hotCacheProperty().set(32);
    settings.themeProperty().set(Settings.Theme.DARK);
    settings.save();
    assertThat(settings.errorProperty().get()).isNull();
    assertThat(settings.statusProperty().get()).isEqualTo("Saved.");
    assertThat(service.settings().hotCacheMegabytes()).isEqualTo(32);
    assertThat(service.settings().theme()).isEqualTo(Settings.Theme.DARK);
    assertThat(appliedThemes).contains(Settings.Theme.DARK);
  }

  private static SearchViewModel newSearch() {
    return new SearchViewModel(
        service,
        EXECUTOR,
        collections,
        new PreviewViewModel(EXECUTOR, new PdfPageRenderer(72), new AwtDesktopApps()));
  }
}
