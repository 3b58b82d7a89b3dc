package io.github.auroradist.common.thermos.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends records to a task's checkpoint file. Each record is one line written with a single
 * write and forced to disk, so a crash leaves at most one torn last line, which readers ignore.
 */
public final class CheckpointWriter implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;

  private CheckpointWriter(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Creates the file (and its directory) and writes the header. */
  public static CheckpointWriter create(Path file, CheckpointRecord.Header header) throws IOException {
    Files.createDirectories(file.getParent());
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    CheckpointWriter writer = new CheckpointWriter(file, channel);
    writer.append(header);
    return writer;
  }

  public Path file() {
    return file;
  }

  public synchronized void append(CheckpointRecord record) throws IOException {
    byte[] line = (Checkpoints.encode(record) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
