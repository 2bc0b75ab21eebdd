package dev.cairn.chat.models;

import java.nio.file.Path;

/**
 * A finished download.
 *
 * @param file the final file
 * @param bytes its size
 * @param sha256 its SHA-256 (hex)
 * @param verified whether it was checked against an expected hash
 * @param resumedFrom bytes reused from an earlier partial download
 */
public record DownloadResult(
    Path file, long bytes, String sha256, boolean verified, long resumedFrom) {}
