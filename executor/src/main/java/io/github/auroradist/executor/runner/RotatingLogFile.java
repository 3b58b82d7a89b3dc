package io.github.auroradist.executor.runner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file that is renamed to {@code name.1} once it reaches {@code maxBytes}; older backups shift
 * to {@code name.2} ... {@code name.<backups>}, and the oldest is dropped.
 */
final class RotatingLogFile extends OutputStream {
  private final Path file;
  private final long maxBytes;
  private final int backups;
  private OutputStream out;
  private long written;

  RotatingLogFile(Path file, long maxBytes, int backups) throws IOException {
    this.file = file;
    this.maxBytes = maxBytes;
    this.backups = backups;
    this.out = open();
  }

  private OutputStream open() throws IOException {
    written = Files.exists(file) ? Files.size(file) : 0;
    return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (written >= maxBytes) {
        rotate();
      }
      int chunk = (int) Math.min(len, maxBytes - written);
      out.write(b, off, chunk);
      written += chunk;
      off += chunk;
      len -= chunk;
    }
  }

  private void rotate() throws IOException {
    out.close();
    if (backups == 0) {
      Files.deleteIfExists(file);
    } else {
      Files.deleteIfExists(backup(backups));
      for (int i = backups - 1; i >= 1; i--) {
        if (Files.exists(backup(i))) {
          Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
    }
    out = open();
  }

  private Path backup(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
