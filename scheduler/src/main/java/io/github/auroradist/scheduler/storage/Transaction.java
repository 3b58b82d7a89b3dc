package io.github.auroradist.scheduler.storage;

import io.github.auroradist.common.model.ModelJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Ops that are logged and applied together, or not at all. On the log a transaction is gzipped
 * JSON: the ops of one request repeat the same task configuration many times, so a job of
 * thousands of instances stays a small log entry.
 */
public record Transaction(List<Op> ops) {
  public Transaction {
    ops = List.copyOf(ops);
  }

  public static Transaction of(Op... ops) {
    return new Transaction(List.of(ops));
  }

  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(ModelJson.writeBytes(this));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Reads a log entry: gzipped JSON, or plain JSON. */
  public static Transaction fromBytes(byte[] data) {
    boolean gzipped = data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    if (!gzipped) {
      return ModelJson.read(data, Transaction.class);
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return ModelJson.read(in.readAllBytes(), Transaction.class);
    } catch (IOException e) {
      throw new UncheckedIOException("a scheduler log entry is corrupt", e);
    }
  }
}
