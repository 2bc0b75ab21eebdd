/**
 * Model discovery and management: {@link dev.cairn.chat.models.OllamaProbe}, {@link
 * dev.cairn.chat.models.ModelCatalog} (GGUF files in Cairn's models folder) and {@link
 * dev.cairn.chat.models.ModelDownloader} (resumable, checksummed downloads the user starts).
 */
package dev.cairn.chat.models;
