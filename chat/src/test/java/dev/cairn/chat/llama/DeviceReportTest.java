package dev.cairn.chat.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.generate.DeviceOptions;
import dev.cairn.chat.generate.DeviceReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The device report is read from llama.cpp's own load log lines. */
class DeviceReportTest {

  @Test
  void aCpuOnlyLoadIsReportedAsCpuWithItsThreads() {
    List<String> log =
        new ArrayList<>(
            List.of(
                "load_tensors: loading model tensors, this can take a while... (mmap = true)",
                "load_tensors:   CPU_Mapped model buffer size =    44.20 MiB"));
    DeviceReport r = LlamaRuntime.report(log, DeviceOptions.cpu().withThreads(2));
    assertThat(r.gpu()).isFalse();
    assertThat(r.description()).isEqualTo("CPU, 2 threads");
  }

  @Test
  void aGpuOffloadIsReportedWithTheDeviceNameAndLayers() {
    List<String> log =
        new ArrayList<>(
            List.of(
                "ggml_cuda_init: found 1 CUDA devices:",
                "Device 0: NVIDIA GeForce RTX 4070, compute capability 8.9, VMM: yes",
                "llama_model_load_from_file_impl: using device CUDA0 (NVIDIA GeForce RTX 4070) - 11000 MiB free",
                "load_tensors: offloading 28 repeating layers to GPU",
                "load_tensors: offloaded 29/29 layers to GPU"));
    DeviceReport r = LlamaRuntime.report(log, DeviceOptions.cpu().withThreads(4).withGpuLayers(99));
    assertThat(r.gpu()).isTrue();
    assertThat(r.offloadedLayers()).isEqualTo(29);
    assertThat(r.description()).isEqualTo("GPU: NVIDIA GeForce RTX 4070 (29/29 layers)");
  }
}
