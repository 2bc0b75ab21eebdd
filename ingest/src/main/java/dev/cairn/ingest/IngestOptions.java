package dev.cairn.ingest;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable ingestion settings, built and validated with {@link #builder()}.
 *
 * <p>Include/exclude patterns are {@link java.nio.file.FileSystem#getPathMatcher glob} patterns
 * matched against the file's path relative to the scanned root (e.g. {@code "**}{@code /*.pdf"},
 * {@code "archive/**"}); a file is taken when it matches some include pattern (or there are none)
 * and no exclude pattern.
 */
public final class IngestOptions {
  /** Default chunk size: all-MiniLM-L6-v2 reads 256 word pieces; 200 leaves room for specials. */
  public static final int DEFAULT_CHUNK_TOKENS = 200;

  private final List<String> includes;
  private final List<String> excludes;
  private final List<PathMatcher> includeMatchers;
  private final List<PathMatcher> excludeMatchers;
  private final long maxFileBytes;
  private final Duration fileTimeLimit;
  private final int chunkTokens;
  private final int overlapTokens;
  private final int workerThreads;
  private final long maxTextChars;
  private final TokenCounter tokenCounter;
  private final Set<Path> excludedDirectories;
  private final OcrOptions ocr;

  private IngestOptions(Builder b) {
    this.ocr = b.ocr;
    this.includes = List.copyOf(b.includes);
    this.excludes = List.copyOf(b.excludes);
    this.includeMatchers = matchers(includes);
    this.excludeMatchers = matchers(excludes);
    this.maxFileBytes = b.maxFileBytes;
    this.fileTimeLimit = b.fileTimeLimit;
    this.chunkTokens = b.chunkTokens;
    this.overlapTokens = b.overlapTokens;
    this.workerThreads = b.workerThreads;
    this.maxTextChars = b.maxTextChars;
    this.tokenCounter = b.tokenCounter;
    this.excludedDirectories =
        b.excludedDirectories.stream()
            .map(p -> p.toAbsolutePath().normalize())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  private static List<PathMatcher> matchers(List<String> globs) {
    List<PathMatcher> out = new ArrayList<>();
    for (String g : globs) {
      out.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
    }
    return List.copyOf(out);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: no patterns, 500 MB, 60 s, 200 tokens, 30 overlap, 1 worker, approximate counter. */
  public static IngestOptions defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.includes.addAll(includes);
    b.excludes.addAll(excludes);
    b.maxFileBytes = maxFileBytes;
    b.fileTimeLimit = fileTimeLimit;
    b.chunkTokens = chunkTokens;
    b.overlapTokens = overlapTokens;
    b.workerThreads = workerThreads;
    b.maxTextChars = maxTextChars;
    b.tokenCounter = tokenCounter;
    b.excludedDirectories.addAll(excludedDirectories);
    b.ocr = ocr;
    return b;
  }

  /** True when the path (relative to its scan root) passes the include/exclude patterns. */
  boolean accepts(Path relative) {
    for (PathMatcher m : excludeMatchers) {
      if (m.matches(relative)) {
        return false;
      }
    }
    if (includeMatchers.isEmpty()) {
      return true;
    }
    for (PathMatcher m : includeMatchers) {
      if (m.matches(relative)) {
        return true;
      }
    }
    return false;
  }

  public List<String> includes() {
    return includes;
  }

  public List<String> excludes() {
    return excludes;
  }

  public long maxFileBytes() {
    return maxFileBytes;
  }

  public Duration fileTimeLimit() {
    return fileTimeLimit;
  }

  public int chunkTokens() {
    return chunkTokens;
  }

  public int overlapTokens() {
    return overlapTokens;
  }

  public int workerThreads() {
    return workerThreads;
  }

  /** Most characters of text taken from one file; the rest is dropped and the file noted. */
  public long maxTextChars() {
    return maxTextChars;
  }

  public TokenCounter tokenCounter() {
    return tokenCounter;
  }

  /** Folders never scanned (e.g. Cairn's own home); the store's own files are always excluded. */
  public Set<Path> excludedDirectories() {
    return excludedDirectories;
  }

  /** How scanned pages and images are read ({@link OcrOptions#DEFAULT} unless set). */
  public OcrOptions ocr() {
    return ocr;
  }

  /** Mutable builder; {@link #build()} validates every value. */
  public static final class Builder {
    private final List<String> includes = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private long maxFileBytes = 500L * 1024 * 1024;
    private Duration fileTimeLimit = Duration.ofSeconds(60);
    private int chunkTokens = DEFAULT_CHUNK_TOKENS;
    private int overlapTokens = 30;
    private int workerThreads = 1;
    private long maxTextChars = 20_000_000L;
    private TokenCounter tokenCounter = TokenCounter.approximate();
    private final List<Path> excludedDirectories = new ArrayList<>();
    private OcrOptions ocr = OcrOptions.DEFAULT;

    private Builder() {}

    public Builder ocr(OcrOptions options) {
      this.ocr = Objects.requireNonNull(options, "options");
      return this;
    }

    public Builder include(String glob) {
      includes.add(Objects.requireNonNull(glob, "glob"));
      return this;
    }

    public Builder exclude(String glob) {
      excludes.add(Objects.requireNonNull(glob, "glob"));
      return this;
    }

    public Builder maxFileBytes(long bytes) {
      this.maxFileBytes = bytes;
      return this;
    }

    public Builder fileTimeLimit(Duration limit) {
      this.fileTimeLimit = Objects.requireNonNull(limit, "limit");
      return this;
    }

    public Builder chunkTokens(int tokens) {
      this.chunkTokens = tokens;
      return this;
    }

    public Builder overlapTokens(int tokens) {
      this.overlapTokens = tokens;
      return this;
    }

    public Builder workerThreads(int threads) {
      this.workerThreads = threads;
      return this;
    }

    public Builder maxTextChars(long chars) {
      this.maxTextChars = chars;
      return this;
    }

    public Builder tokenCounter(TokenCounter counter) {
      this.tokenCounter = Objects.requireNonNull(counter, "counter");
      return this;
    }

    public Builder excludeDirectory(Path dir) {
      excludedDirectories.add(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    public IngestOptions build() {
      if (maxFileBytes <= 0) {
        throw new IllegalArgumentException("maxFileBytes must be > 0, got " + maxFileBytes);
      }
      if (fileTimeLimit.isNegative() || fileTimeLimit.isZero()) {
        throw new IllegalArgumentException("fileTimeLimit must be positive, got " + fileTimeLimit);
      }
      if (chunkTokens < 16 || chunkTokens > 8192) {
        throw new IllegalArgumentException("chunkTokens must be in [16, 8192], got " + chunkTokens);
      }
      if (overlapTokens < 0 || overlapTokens >= chunkTokens / 2) {
        throw new IllegalArgumentException(
            "overlapTokens must be in [0, chunkTokens/2) = [0, "
                + chunkTokens / 2
                + "), got "
                + overlapTokens);
      }
      if (workerThreads < 1 || workerThreads > 64) {
        throw new IllegalArgumentException(
            "workerThreads must be in [1, 64], got " + workerThreads);
      }
      if (maxTextChars < 1000) {
        throw new IllegalArgumentException("maxTextChars must be >= 1000, got " + maxTextChars);
      }
      for (String g : includes) {
        FileSystems.getDefault().getPathMatcher("glob:" + g);
      }
      for (String g : excludes) {
        FileSystems.getDefault().getPathMatcher("glob:" + g);
      }
      return new IngestOptions(this);
    }
  }
}
