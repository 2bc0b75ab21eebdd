/**
 * The library service: collections, the indexing pipeline, search and cited answers. Plain Java (no
 * JavaFX); both the desktop window and the command line drive it through {@link
 * dev.cairn.app.library.LibraryService}. No type of the ingest, index or chat modules leaks out of
 * this package's public API.
 */
package dev.cairn.app.library;
