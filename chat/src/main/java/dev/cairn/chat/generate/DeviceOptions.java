package dev.cairn.chat.generate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Device settings for llama.cpp models.
 *
 * @param threads CPU threads for generation/embedding ({@code >= 1})
 * @param gpuLayers layers to offload to a GPU; 0 keeps everything on the CPU. Offloading needs a
 *     GPU build of the native library (the bundled one is CPU-only on Linux and Windows)
 * @param libraryDir folder holding a user-built {@code libjllama.so}/{@code jllama.dll} (e.g. with
 *     CUDA or Vulkan) to load instead of the bundled CPU library; empty for the bundled one. Only
 *     the first llama.cpp model opened in a JVM decides which library is loaded.
 * @param contextSize context window in tokens for chat models ({@code >= 256})
 */
public record DeviceOptions(
    int threads, int gpuLayers, Optional<Path> libraryDir, int contextSize) {

  public DeviceOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (gpuLayers < 0) {
      throw new IllegalArgumentException("gpuLayers must be >= 0, got " + gpuLayers);
    }
    if (contextSize < 256) {
      throw new IllegalArgumentException("contextSize must be >= 256, got " + contextSize);
    }
    libraryDir = libraryDir == null ? Optional.empty() : libraryDir;
    libraryDir.ifPresent(
        d -> {
          if (!Files.isDirectory(d)) {
            throw new IllegalArgumentException("libraryDir is not a folder: " + d);
          }
        });
  }

  /** CPU only, all cores (at most 8), bundled library, 4096-token context. */
  public static DeviceOptions cpu() {
    return new DeviceOptions(
        Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())),
        0,
        Optional.empty(),
        4096);
  }

  public DeviceOptions withThreads(int n) {
    return new DeviceOptions(n, gpuLayers, libraryDir, contextSize);
  }

  public DeviceOptions withGpuLayers(int n) {
    return new DeviceOptions(threads, n, libraryDir, contextSize);
  }

  public DeviceOptions withContextSize(int n) {
    return new DeviceOptions(threads, gpuLayers, libraryDir, n);
  }
}
