package io.github.auroradist.mesos.recordio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordIoTest {
  private static RecordIo.Reader reader(String wire) {
    return new RecordIo.Reader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void roundTripsSeveralRecordsIncludingEmptyAndBinary() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] binary = {0, 10, '\n', (byte) 0xff, 5};
    RecordIo.write(out, "{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8));
    RecordIo.write(out, new byte[0]);
    RecordIo.write(out, binary);

    RecordIo.Reader reader = new RecordIo.Reader(new ByteArrayInputStream(out.toByteArray()));
    assertThat(new String(reader.next(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"HEARTBEAT\"}");
    assertThat(reader.next()).isEmpty();
    assertThat(reader.next()).isEqualTo(binary);
    assertThat(reader.next()).isNull();
  }

  @Test
  void framesWithDecimalLengthAndNewline() {
    assertThat(new String(RecordIo.frame("hello".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))
        .isEqualTo("5\nhello");
  }

  @Test
  void refusesNonDigitLength() {
    assertThatThrownBy(() -> reader("1x\nab").next())
        .isInstanceOf(RecordIo.MalformedRecordException.class)
        .hasMessageContaining("non-digit");
  }

  @Test
  void refusesEmptyLength() {
    assertThatThrownBy(() -> reader("\nabc").next())
        .isInstanceOf(RecordIo.MalformedRecordException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void refusesOversizedRecord() {
    RecordIo.Reader reader = new RecordIo.Reader(
        new ByteArrayInputStream("100\n".getBytes(StandardCharsets.US_ASCII)), 10);
    assertThatThrownBy(reader::next).hasMessageContaining("exceeds the limit of 10");
  }

  @Test
  void truncatedRecordIsAnEofError() {
    assertThatThrownBy(() -> reader("10\nabc").next())
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("got 3 of 10");
    assertThatThrownBy(() -> reader("12").next()).isInstanceOf(EOFException.class);
  }
}
