package io.github.auroradist.executor.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding the task's user to an image never writes through the image's links to the host's files. */
class TaskFilesystemTest {
  private static final UnixUser USER = new UnixUser("www-data", 33, 33, "/var/www");

  @TempDir
  Path dir;

  private TaskFilesystem image() throws IOException {
    Path root = Files.createDirectories(dir.resolve("sandbox/taskfs"));
    Files.createDirectories(root.resolve("bin"));
    return new TaskFilesystem(root, dir.resolve("sandbox"), List.of());
  }

  @Test
  void theUserIsAddedToTheImagesOwnFiles() throws IOException {
    TaskFilesystem fs = image();
    Files.createDirectories(fs.root().resolve("etc"));
    Files.writeString(fs.root().resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh");
    fs.addUser(USER);
    fs.addUser(USER);
    assertThat(Files.readAllLines(fs.root().resolve("etc/passwd")))
        .containsExactly("root:x:0:0::/root:/bin/sh", "www-data:x:33:33::/mnt/mesos/sandbox:/bin/sh");
    assertThat(Files.readAllLines(fs.root().resolve("etc/group"))).containsExactly("www-data:x:33:");
  }

  @Test
  void aLinkedPasswdFileIsRefusedAndWhatItPointsAtIsLeftAlone() throws IOException {
    TaskFilesystem fs = image();
    Path hostPasswd = Files.writeString(dir.resolve("host-passwd"), "root:x:0:0::/root:/bin/sh\n");
    Files.createDirectories(fs.root().resolve("etc"));
    Files.createSymbolicLink(fs.root().resolve("etc/passwd"), hostPasswd);
    assertThatThrownBy(() -> fs.addUser(USER)).isInstanceOf(IOException.class)
        .hasMessageContaining("/etc/passwd is a symbolic link");
    assertThat(Files.readString(hostPasswd)).isEqualTo("root:x:0:0::/root:/bin/sh\n");
  }

  @Test
  void aLinkedEtcIsRefusedAndWhatItPointsAtIsLeftAlone() throws IOException {
    TaskFilesystem fs = image();
    Path hostEtc = Files.createDirectories(dir.resolve("host-etc"));
    Files.writeString(hostEtc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
    Files.createSymbolicLink(fs.root().resolve("etc"), hostEtc);
    assertThatThrownBy(() -> fs.addUser(USER)).isInstanceOf(IOException.class)
        .hasMessageContaining("/etc is a symbolic link");
    assertThat(Files.readString(hostEtc.resolve("passwd"))).isEqualTo("root:x:0:0::/root:/bin/sh\n");
    assertThat(hostEtc.resolve("group")).doesNotExist();
  }

  @Test
  void aLinkOutOfTheImageIsNeitherMadeNorMountedOn() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "entering an image needs root");
    TaskFilesystem fs = image();
    Path outside = Files.createDirectories(dir.resolve("outside"));
    // The image's /mnt leads out of it: the sandbox would be made and mounted under 'outside'.
    Files.createSymbolicLink(fs.root().resolve("mnt"), outside);
    Files.createDirectories(fs.mesosSandbox().resolve("sandbox"));
    Process p = new ProcessBuilder(fs.command(Optional.empty(), "true", fs.mesosSandbox().resolve("sandbox")))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isNotZero();
    assertThat(output).contains("/mnt/mesos/sandbox in the image is a link that leads out of it");
    assertThat(outside.resolve("mesos")).doesNotExist();
  }
}
