package io.github.auroradist.observer.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A window of a file: {@code length} bytes from {@code offset}. Logs grow while we read them and
 * can be huge, so pages show one window with links to the neighbouring ones.
 *
 * <p>A class, not a record: a record's equality would compare the array by identity, and its
 * accessor would hand out the array itself.
 */
public final class FileWindow {
  public static final long DEFAULT_LENGTH = 64 * 1024;
  public static final long MAX_LENGTH = 1024 * 1024;

  private final long fileSize;
  private final long offset;
  private final byte[] data;

  private FileWindow(long fileSize, long offset, byte[] data) {
    this.fileSize = fileSize;
    this.offset = offset;
    this.data = data;
  }

  /**
   * Reads a window of an open file. Without an offset the window is the file's tail; an offset past
   * the end gives an empty window at the end.
   */
  public static FileWindow read(SeekableByteChannel channel, Long offset, Long length) throws IOException {
    long len = length == null ? DEFAULT_LENGTH : length;
    if (len <= 0 || len > MAX_LENGTH) {
      throw new IllegalArgumentException("length must be between 1 and " + MAX_LENGTH + ", got " + len);
    }
    if (offset != null && offset < 0) {
      throw new IllegalArgumentException("offset must be 0 or more, got " + offset);
    }
    long size = channel.size();
    long start = offset == null ? Math.max(0, size - len) : Math.min(offset, size);
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(len, size - start));
    channel.position(start);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // until the window is full or the file ends (it may shrink while we read)
    }
    byte[] data = new byte[buffer.position()];
    buffer.flip();
    buffer.get(data);
    return new FileWindow(size, start, data);
  }

  /** The file's size when read. */
  public long fileSize() {
    return fileSize;
  }

  /** Where the window starts. */
  public long offset() {
    return offset;
  }

  /** The bytes of the window (shorter than asked at the end of the file), as a copy. */
  public byte[] data() {
    return data.clone();
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
