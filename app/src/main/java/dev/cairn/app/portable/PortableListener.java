package dev.cairn.app.portable;

/**
 * Progress of an export or import, called on the worker thread that runs it; must be quick and must
 * not throw. Cancelling is asked through {@link #cancelled()}, polled between blocks of 1 MiB.
 */
public interface PortableListener {
  PortableListener NONE = new PortableListener() {};

  /**
   * @param step what is being done ("copying the document store", "verifying index/index.cairn")
   * @param bytesDone bytes of all parts done so far
   * @param bytesTotal bytes of all parts (0 while unknown)
   */
  default void progress(String step, long bytesDone, long bytesTotal) {}

  /** True once the user cancelled; the operation then stops and undoes what it wrote. */
  default boolean cancelled() {
    return false;
  }
}
