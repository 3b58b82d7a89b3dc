package io.github.auroradist.observer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWindowTest {
  @TempDir Path dir;

  private static FileWindow read(Path file, Long offset, Long length) throws Exception {
    try (FileChannel channel = FileChannel.open(file)) {
      return FileWindow.read(channel, offset, length);
    }
  }

  @Test
  void tailByDefaultAndWindowsByOffset() throws Exception {
    Path f = Files.writeString(dir.resolve("log"), "0123456789");
    FileWindow tail = read(f, null, 4L);
    assertThat(tail.offset()).isEqualTo(6);
    assertThat(tail.text()).isEqualTo("6789");
    assertThat(tail.fileSize()).isEqualTo(10);

    FileWindow middle = read(f, 3L, 4L);
    assertThat(middle.text()).isEqualTo("3456");
    assertThat(middle.end()).isEqualTo(7);

    FileWindow shortAtEnd = read(f, 8L, 4L);
    assertThat(shortAtEnd.text()).isEqualTo("89");

    FileWindow past = read(f, 50L, 4L);
    assertThat(past.offset()).isEqualTo(10);
    assertThat(past.data()).isEmpty();

    assertThat(read(f, null, null).text()).isEqualTo("0123456789");
  }

  @Test
  void refusesBadWindows() throws Exception {
    Path f = Files.writeString(dir.resolve("log"), "x");
    assertThatThrownBy(() -> read(f, -1L, 4L)).hasMessageContaining("offset");
    assertThatThrownBy(() -> read(f, 0L, 0L)).hasMessageContaining("length");
    assertThatThrownBy(() -> read(f, 0L, FileWindow.MAX_LENGTH + 1)).hasMessageContaining("length");
  }

  @Test
  void aCharacterCutAtTheEdgeBecomesAReplacement() throws Exception {
    Path f = Files.write(dir.resolve("utf8"), "é".getBytes(StandardCharsets.UTF_8)); // two bytes
    assertThat(read(f, 0L, 1L).text()).isEqualTo("\uFFFD");
  }
}
