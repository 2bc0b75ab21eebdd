package dev.cairn.app.library;

/**
 * Which embedder a collection uses, in the {@link EmbedderChoice} text forms.
 *
 * @param current the choice the index's vectors come from ({@code onnx} by default)
 * @param pending the choice an unfinished re-embed is moving to; {@code null} when none
 * @param runtime the runtime's name of {@code current} ({@code onnxruntime}, {@code llama.cpp},
 *     {@code ollama})
 */
public record EmbedderStatus(String current, String pending, String runtime) {}
