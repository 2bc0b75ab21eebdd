package dev.cairn.chat.models;

import java.nio.file.Path;

/**
 * A GGUF file found in a models folder.
 *
 * @param file the file
 * @param sizeBytes its size
 * @param architecture {@code general.architecture} ("" if unreadable)
 * @param name {@code general.name} or the file name
 * @param hasChatTemplate whether it carries {@code tokenizer.chat_template}
 * @param usableForChat whether it is a readable generative model (not an embedding model)
 * @param problem why it is not usable ("" when fine)
 */
public record GgufModelFile(
    Path file,
    long sizeBytes,
    String architecture,
    String name,
    boolean hasChatTemplate,
    boolean usableForChat,
    String problem) {}
