package io.github.auroradist.executor.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The image file system Mesos provisioned for the task and mounted at {@code $MESOS_SANDBOX/taskfs},
 * which the task's processes and health checks run in, as Aurora's executor runs them with {@code
 * mesos-containerizer launch}: each command gets a private mount namespace ({@code unshare --mount
 * --propagation private}) where the Mesos sandbox is bound at {@code /mnt/mesos/sandbox} of the image,
 * {@code /proc} and {@code /dev} are mounted and the job's volumes are bound at their paths (read-only
 * ones remounted read-only); then it {@code chroot}s into the image as the task's user. The mounts
 * live only in that namespace, so nothing is left mounted on the host when the command ends; the
 * processes are host processes, so the observer and the runner see them as usual.
 *
 * @param root the image's root file system on the host ({@code $MESOS_SANDBOX/taskfs})
 * @param mesosSandbox the Mesos sandbox on the host
 * @param volumes the job's volumes
 */
public record TaskFilesystem(Path root, Path mesosSandbox, List<VolumeMount> volumes) {
  /** Where the Mesos sandbox is in the image. */
  public static final String SANDBOX = "/mnt/mesos/sandbox";
  /** The directory of {@code $MESOS_SANDBOX} Mesos mounts the image volume at. */
  public static final String MOUNT_POINT = "taskfs";

  /**
   * A host directory bound into the image.
   *
   * @param containerPath absolute path in the image
   * @param hostPath the directory on the host
   * @param readOnly whether writes are refused
   */
  public record VolumeMount(String containerPath, Path hostPath, boolean readOnly) {}

  /**
   * Binds the sandbox and the volumes, then {@code chroot}s; positional args follow the script. Every place it makes
   * or mounts on must stay in the image once the image's links are followed (on the host, where this runs as root):
   * an image's {@code /mnt -> /} would otherwise have it make directories in the host's own root.
   */
  private static final String ENTER = """
      set -e
      root=$(realpath -- "$1"); sandbox=$2; userspec=$3; workdir=$4; shell=$5; command=$6; shift 6
      inside() {
        resolved=$(realpath -m -- "$root$1")
        case "$resolved" in
          "$root"/*) ;;
          *) echo "enter-taskfs: $1 in the image is a link that leads out of it (to $resolved); refused" >&2; exit 1 ;;
        esac
      }
      for path in /mnt/mesos/sandbox /proc /dev; do inside "$path"; done
      mkdir -p "$root/mnt/mesos/sandbox" "$root/proc" "$root/dev"
      mount --bind "$sandbox" "$root/mnt/mesos/sandbox"
      mount -t proc proc "$root/proc"
      mount --rbind /dev "$root/dev"
      while [ $# -gt 0 ]; do
        inside "$1"
        mkdir -p "$root$1"
        mount --bind "$2" "$root$1"
        if [ "$3" = ro ]; then mount -o remount,bind,ro "$root$1"; fi
        shift 3
      done
      if [ -n "$userspec" ]; then set -- --userspec="$userspec"; else set --; fi
      exec chroot "$@" "$root" /bin/sh -c 'cd "$0" && exec "$1" -c "$2"' "$workdir" "$shell" "$command"
      """;

  public TaskFilesystem {
    volumes = List.copyOf(volumes);
  }

  /** The task file system when Mesos mounted one in the sandbox (an image volume), else empty. */
  public static Optional<TaskFilesystem> find(Path mesosSandbox, List<VolumeMount> volumes) {
    Path root = mesosSandbox.resolve(MOUNT_POINT);
    if (!Files.isDirectory(root.resolve("bin")) && !Files.isDirectory(root.resolve("usr"))) {
      return Optional.empty();
    }
    return Optional.of(new TaskFilesystem(root, mesosSandbox, volumes));
  }

  /** Where a host path under the Mesos sandbox is inside the image. */
  public String inside(Path hostPath) {
    Path rel = mesosSandbox.relativize(hostPath.toAbsolutePath().normalize());
    if (rel.startsWith("..")) {
      throw new IllegalArgumentException(hostPath + " is not in the sandbox " + mesosSandbox);
    }
    return rel.toString().isEmpty() ? SANDBOX : SANDBOX + "/" + rel;
  }

  /**
   * The command line that runs {@code shellCommand} in the image, in its own session, from {@code
   * workDir} (a host path in the sandbox), as {@code user} when given.
   */
  public List<String> command(Optional<UnixUser> user, String shellCommand, Path workDir) {
    List<String> cmd = new ArrayList<>(Setsid.prefix());
    cmd.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", ENTER, "enter-taskfs",
        root.toString(), mesosSandbox.toString(), user.map(u -> u.uid() + ":" + u.gid()).orElse(""),
        inside(workDir), shell(), shellCommand));
    for (VolumeMount v : volumes) {
      cmd.addAll(List.of(v.containerPath(), v.hostPath().toString(), v.readOnly() ? "ro" : "rw"));
    }
    return cmd;
  }

  /** bash as Thermos uses it when the image has it, else the image's sh. */
  private String shell() {
    return existsInImage("/bin/bash") || existsInImage("/usr/bin/bash") ? "/bin/bash" : "/bin/sh";
  }

  /** Whether a path resolves to a file in the image, following its symbolic links inside the image. */
  private boolean existsInImage(String path) {
    String current = path;
    for (int hops = 0; hops < 8; hops++) {
      Path onHost = root.resolve(current.substring(1));
      if (!Files.isSymbolicLink(onHost)) {
        return Files.isRegularFile(onHost);
      }
      try {
        Path target = Files.readSymbolicLink(onHost);
        current = target.isAbsolute() ? target.normalize().toString()
            : Path.of(current).getParent().resolve(target).normalize().toString();
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  /**
   * Adds the user (and its group) to the image's {@code /etc/passwd} and {@code /etc/group} with the
   * host's ids when the image lacks it, as Aurora's executor does, so tools in the image know it.
   */
  public void addUser(UnixUser user) throws IOException {
    Path etc = root.resolve("etc");
    refuseLink(etc);
    Files.createDirectories(etc);
    appendIfMissing(etc.resolve("passwd"), user.name(),
        user.name() + ":x:" + user.uid() + ":" + user.gid() + "::" + SANDBOX + ":/bin/sh");
    appendIfMissing(etc.resolve("group"), user.name(), user.name() + ":x:" + user.gid() + ":");
  }

  /**
   * The executor writes into the image as root on the host, where a link in the image would point at the host's
   * own files (an image's {@code /etc/passwd -> /etc/passwd} is the host's): it never writes through one.
   */
  private void refuseLink(Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      throw new IOException("the image's /" + root.relativize(path) + " is a symbolic link; the executor adds the"
          + " task's user only to a real file in the image (make /" + root.relativize(path) + " a file, or add the"
          + " user to the image)");
    }
  }

  private void appendIfMissing(Path file, String name, String line) throws IOException {
    refuseLink(file);
    if (Files.exists(file)) {
      for (String existing : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (existing.startsWith(name + ":")) {
          return;
        }
      }
    }
    String text = Files.exists(file) && Files.size(file) > 0 && !Files.readString(file).endsWith("\n")
        ? "\n" + line + "\n" : line + "\n";
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
