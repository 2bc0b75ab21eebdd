package dev.cairn.index;

import java.util.Objects;

/**
 * The two kinds of settings an application keeps for its indexes: how a new index is built (stored
 * in it) and how an open index is searched (per open). Immutable.
 */
public record IndexSettings(IndexOptions build, SearchOptions search) {
  public IndexSettings {
    Objects.requireNonNull(build, "build");
    Objects.requireNonNull(search, "search");
  }

  /** The settings Cairn ships with. */
  public static IndexSettings defaults() {
    return new IndexSettings(IndexOptions.defaults(), SearchOptions.defaults());
  }
}
