/**
 * Portable collections: {@link dev.cairn.app.portable.CollectionExporter} writes one collection
 * (document store, index, hot cache, {@code collection.json}) into one zip with a {@code
 * manifest.json} of format versions, model identity, counts and a SHA-256 per part; {@link
 * dev.cairn.app.portable.CollectionImporter} verifies all of it before it replaces anything and
 * moves the result into place with one rename. The format is in {@code docs/portable-format.md}.
 */
package dev.cairn.app.portable;
