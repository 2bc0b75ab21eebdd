package dev.cairn.chat.convert;

/** A model file could not be read or converted; the message names the file and the problem. */
public class ConversionException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConversionException(String message) {
    super(message);
  }

  public ConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
