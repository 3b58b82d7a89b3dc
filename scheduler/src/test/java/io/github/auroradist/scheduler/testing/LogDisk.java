package io.github.auroradist.scheduler.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on one scheduler's directory (its replicated log and backups), so that a test can fill it
 * to the last byte and free it again. Mounting needs root: {@link #mount} is empty without it.
 */
public final class LogDisk implements AutoCloseable {
  private final Path mountPoint;
  private final Path filler;

  private LogDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.filler = mountPoint.resolve("filler");
  }

  /** Mounts a tmpfs of {@code megabytes} on {@code dir} (created); empty when this process is not root. */
  public static Optional<LogDisk> mount(Path dir, int megabytes) throws IOException, InterruptedException {
    if (!run(List.of("id", "-u")).strip().equals("0")) {
      return Optional.empty();
    }
    Files.createDirectories(dir);
    run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()));
    return Optional.of(new LogDisk(dir));
  }

  /** Writes a file until the disk has no space left, to the last byte; returns the bytes written. */
  public long fill() throws IOException {
    long written = fillWith(new byte[64 * 1024], false);
    // The last block did not fit whole; what is left of the last page still takes single bytes.
    return written + fillWith(new byte[1], true);
  }

  private long fillWith(byte[] block, boolean append) throws IOException {
    long written = 0;
    try (OutputStream out = append ? Files.newOutputStream(filler, StandardOpenOption.APPEND)
        : Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        written += block.length;
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    return written;
  }

  public void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws IOException {
    try {
      run(List.of("umount", "-l", mountPoint.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
