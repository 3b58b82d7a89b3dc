package io.github.auroradist.observer.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A window of a file: {@code length} bytes from {@code offset}. Logs grow while we read them and
 * can be huge, so pages show one window with links to the neighbouring ones.
 *
 * @param fileSize the file's size when read
 * @param offset where the window starts
 * @param data the bytes of the window (shorter than asked at the end of the file)
 */
public record FileWindow(long fileSize, long offset, byte[] data) {
  public static final long DEFAULT_LENGTH = 64 * 1024;
  public static final long MAX_LENGTH = 1024 * 1024;

  /**
   * Reads a window. Without an offset the window is the file's tail; an offset past the end gives
   * an empty window at the end.
   */
  public static FileWindow read(Path file, Long offset, Long length) throws IOException {
    long len = length == null ? DEFAULT_LENGTH : length;
    if (len <= 0 || len > MAX_LENGTH) {
      throw new IllegalArgumentException("length must be between 1 and " + MAX_LENGTH + ", got " + len);
    }
    if (offset != null && offset < 0) {
      throw new IllegalArgumentException("offset must be 0 or more, got " + offset);
    }
    // Callers pass real paths; refuse a symbolic link swapped in since they were checked.
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      long start = offset == null ? Math.max(0, size - len) : Math.min(offset, size);
      int want = (int) Math.min(len, size - start);
      ByteBuffer buffer = ByteBuffer.allocate(want);
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, start + buffer.position());
        if (n < 0) {
          break; // truncated while reading
        }
      }
      byte[] data = new byte[buffer.position()];
      buffer.flip();
      buffer.get(data);
      return new FileWindow(size, start, data);
    }
  }

  public long end() {
    return offset + data.length;
  }

  /** The window as text; bytes that are not UTF-8 (or a character cut at the edge) become U+FFFD. */
  public String text() {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(data)).toString();
    } catch (IOException e) {
      throw new IllegalStateException(e); // cannot happen with REPLACE
    }
  }
}
