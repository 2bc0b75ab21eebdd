package dev.cairn.chat.generate;

/**
 * What a model actually runs on, as observed when it was loaded (from llama.cpp's own log lines for
 * llama.cpp models).
 *
 * @param runtime e.g. "llama.cpp", "onnxruntime", "ollama"
 * @param gpu whether any layer runs on a GPU
 * @param gpuName the GPU llama.cpp reported, or "" when none
 * @param offloadedLayers layers on the GPU (0 on CPU)
 * @param totalLayers layers of the model as llama.cpp counts them (0 when unknown)
 * @param threads CPU threads
 * @param library which native library: "bundled (CPU)" or the folder of a user-built one; for
 *     Ollama, the host
 */
public record DeviceReport(
    String runtime,
    boolean gpu,
    String gpuName,
    int offloadedLayers,
    int totalLayers,
    int threads,
    String library) {

  /** Short human description, e.g. "CPU, 2 threads" or "GPU: NVIDIA H100 (33/33 layers)". */
  public String description() {
    if (runtime.equals("ollama")) {
      return "Ollama at " + library + (gpu ? ", GPU: " + gpuName : ", device chosen by the server");
    }
    if (!gpu) {
      return "CPU, " + threads + (threads == 1 ? " thread" : " threads");
    }
    String name = gpuName.isBlank() ? "unknown device" : gpuName;
    return "GPU: " + name + " (" + offloadedLayers + "/" + totalLayers + " layers)";
  }
}
