package io.github.auroradist.mesos.recordio;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RecordIO framing as the Mesos v1 streaming APIs use it: each record is its length in bytes as
 * ASCII decimal, a newline, then exactly that many bytes.
 */
public final class RecordIo {
  /** Larger records are refused: a garbled length must not make us allocate gigabytes. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

  private static final int MAX_LENGTH_DIGITS = 19;

  private RecordIo() {}

  public static byte[] frame(byte[] record) {
    byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[header.length + record.length];
    System.arraycopy(header, 0, framed, 0, header.length);
    System.arraycopy(record, 0, framed, header.length, record.length);
    return framed;
  }

  public static void write(OutputStream out, byte[] record) throws IOException {
    out.write(frame(record));
  }

  /** Reads records one at a time from a stream. Not thread-safe. */
  public static final class Reader {
    private final InputStream in;
    private final int maxRecordBytes;

    public Reader(InputStream in) {
      this(in, DEFAULT_MAX_RECORD_BYTES);
    }

    public Reader(InputStream in, int maxRecordBytes) {
      this.in = in;
      this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Returns the next record, or null at a clean end of stream (between records).
     *
     * @throws MalformedRecordException if the length line is not a decimal number or is too big
     * @throws EOFException if the stream ends inside a record
     */
    public byte[] next() throws IOException {
      ByteArrayOutputStream digits = new ByteArrayOutputStream(8);
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (digits.size() == 0) {
            return null;
          }
          throw new EOFException("stream ended inside a RecordIO length header");
        }
        if (b == '\n') {
          break;
        }
        if (b < '0' || b > '9') {
          throw new MalformedRecordException(
              "RecordIO length header has a non-digit byte 0x" + Integer.toHexString(b)
                  + " after '" + digits.toString(StandardCharsets.US_ASCII) + "'");
        }
        if (digits.size() >= MAX_LENGTH_DIGITS) {
          throw new MalformedRecordException("RecordIO length header is too long");
        }
        digits.write(b);
      }
      if (digits.size() == 0) {
        throw new MalformedRecordException("RecordIO length header is empty");
      }
      long length = Long.parseLong(digits.toString(StandardCharsets.US_ASCII));
      if (length > maxRecordBytes) {
        throw new MalformedRecordException(
            "RecordIO record of " + length + " bytes exceeds the limit of " + maxRecordBytes);
      }
      byte[] record = in.readNBytes((int) length);
      if (record.length < length) {
        throw new EOFException(
            "stream ended inside a RecordIO record: got " + record.length + " of " + length + " bytes");
      }
      return record;
    }
  }

  /** The bytes on the wire are not RecordIO. */
  public static final class MalformedRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
      super(message);
    }
  }
}
