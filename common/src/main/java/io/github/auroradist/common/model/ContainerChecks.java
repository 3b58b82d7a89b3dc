package io.github.auroradist.common.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules a task's {@link Container} follows, the same for the scheduler (which refuses a job breaking them with a
 * 400) and the client (which refuses it before sending): image references in Docker's grammar, Appc names and ids,
 * absolute volume paths without {@code ..}, a mode for each volume, {@code docker run} option names; and
 * {@link Limits}' bounds on their counts and lengths. Whether the cluster allows a kind of container, parameters or
 * volumes at all is the scheduler's flags' business, not this.
 */
public final class ContainerChecks {
  // Docker's reference grammar (distribution/reference): [domain[:port]/]path[/path...][:tag][@digest].
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
  private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern NAME_ONLY = Pattern.compile(NAME);
  private static final Pattern TAG_ONLY = Pattern.compile(TAG);
  private static final Pattern DIGEST_ONLY = Pattern.compile(DIGEST);
  private static final Pattern REFERENCE = Pattern.compile(NAME + "(?::" + TAG + ")?(?:@" + DIGEST + ")?");
  // Appc's AC Identifier, and an image id as <hash>-<hex>.
  private static final Pattern APPC_NAME = Pattern.compile("[a-z0-9]+(?:[-._~/][a-z0-9]+)*");
  private static final Pattern APPC_ID = Pattern.compile("[a-z0-9]+-[0-9a-fA-F]+");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]*");
  /** Docker's limit on a repository name, registry included. */
  public static final int MAX_IMAGE_NAME = 255;

  private ContainerChecks() {
  }

  /** Whether {@code tag} is a digest ({@code sha256:<hex>}) rather than a tag. */
  public static boolean isDigest(String tag) {
    return tag != null && DIGEST_ONLY.matcher(tag).matches();
  }

  /**
   * The image as Mesos's Image.Docker names it: {@code name:tag}, or {@code name@digest} when the tag is a digest.
   */
  public static String reference(Container.DockerImage image) {
    return image.name() + (isDigest(image.tag()) ? "@" : ":") + image.tag();
  }

  /** Every rule {@code container} breaks, each named by its field under {@code field}; none for null. */
  public static List<Limits.Violation> violations(String field, Container container, Limits limits) {
    List<Limits.Violation> out = new ArrayList<>();
    if (container == null) {
      return out;
    }
    if ((container.mesos() == null) == (container.docker() == null)) {
      out.add(new Limits.Violation(field, "give exactly one of mesos (Mesos(...)) or docker (Docker(...))"));
      return out;
    }
    if (container.docker() != null) {
      docker(out, field + ".docker", container.docker(), limits);
    } else {
      mesos(out, field + ".mesos", container.mesos(), limits);
    }
    return out;
  }

  /** The rules a volume breaks (also for the scheduler's {@code -global_container_mounts}). */
  public static List<Limits.Violation> volumeViolations(String field, Volume v, Limits limits) {
    List<Limits.Violation> out = new ArrayList<>();
    if (v == null) {
      out.add(new Limits.Violation(field, "give container_path, host_path and mode"));
      return out;
    }
    path(out, field + ".containerPath", v.containerPath(), limits);
    if ("/".equals(v.containerPath())) {
      out.add(new Limits.Violation(field + ".containerPath", "cannot be / (the image's root); mount the volume at"
          + " a directory under it"));
    }
    path(out, field + ".hostPath", v.hostPath(), limits);
    if (v.mode() == null) {
      out.add(new Limits.Violation(field + ".mode", "give RO (read-only) or RW (read-write)"));
    }
    return out;
  }

  private static void docker(List<Limits.Violation> out, String field, Container.Docker d, Limits limits) {
    String image = d.image();
    if (image == null || image.isBlank()) {
      out.add(new Limits.Violation(field + ".image", "give the image, as name:tag or name@sha256:<digest>"));
    } else if (image.length() > MAX_IMAGE_NAME + 200 || !REFERENCE.matcher(image).matches()
        || repository(image).length() > MAX_IMAGE_NAME) {
      out.add(new Limits.Violation(field + ".image", quote(image) + " is not a Docker image reference; write"
          + " [registry[:port]/]name[:tag][@sha256:<digest>] with a lower-case name of at most " + MAX_IMAGE_NAME
          + " characters, e.g. library/debian:bookworm"));
    }
    count(out, field + ".parameters", d.parameters().size(), "parameters", limits);
    for (int i = 0; i < d.parameters().size(); i++) {
      Container.DockerParameter p = d.parameters().get(i);
      String at = field + ".parameters[" + i + "]";
      if (p == null || p.name() == null || !PARAMETER_NAME.matcher(p.name()).matches()
          || p.name().length() > limits.maxNameLength()) {
        out.add(new Limits.Violation(at + ".name", quote(p == null ? null : p.name()) + " is not a docker run"
            + " option name; write it without the leading dashes, e.g. name='env' for --env"));
      }
      if (p != null && (p.value() == null || p.value().length() > limits.maxValueLength())) {
        out.add(new Limits.Violation(at + ".value", p.value() == null ? "give a value (it may be empty)"
            : "is longer than " + limits.maxValueLength() + " characters; use a shorter one"));
      }
    }
  }

  private static void mesos(List<Limits.Violation> out, String field, Container.Mesos m, Limits limits) {
    Container.Image image = m.image();
    if (image != null) {
      String at = field + ".image";
      if ((image.docker() == null) == (image.appc() == null)) {
        out.add(new Limits.Violation(at, "give exactly one of docker (DockerImage(name, tag)) or appc"
            + " (AppcImage(name, image_id))"));
      } else if (image.docker() != null) {
        dockerImage(out, at + ".docker", image.docker());
      } else {
        appcImage(out, at + ".appc", image.appc());
      }
    }
    count(out, field + ".volumes", m.volumes().size(), "volumes", limits);
    for (int i = 0; i < m.volumes().size(); i++) {
      out.addAll(volumeViolations(field + ".volumes[" + i + "]", m.volumes().get(i), limits));
    }
  }

  private static void dockerImage(List<Limits.Violation> out, String field, Container.DockerImage d) {
    if (d.name() == null || d.name().length() > MAX_IMAGE_NAME || !NAME_ONLY.matcher(d.name()).matches()) {
      out.add(new Limits.Violation(field + ".name", quote(d.name()) + " is not a Docker repository name; write"
          + " [registry[:port]/]name in lower case, at most " + MAX_IMAGE_NAME + " characters, without the tag"
          + " (e.g. name='library/debian', tag='bookworm')"));
    }
    if (d.tag() == null || !(TAG_ONLY.matcher(d.tag()).matches() || isDigest(d.tag()))) {
      out.add(new Limits.Violation(field + ".tag", quote(d.tag()) + " is neither a Docker tag (letters, digits,"
          + " '_', '.', '-', at most 128, not starting with '.' or '-') nor a digest (sha256:<hex>)"));
    }
  }

  private static void appcImage(List<Limits.Violation> out, String field, Container.AppcImage a) {
    if (a.name() == null || a.name().length() > MAX_IMAGE_NAME || !APPC_NAME.matcher(a.name()).matches()) {
      out.add(new Limits.Violation(field + ".name", quote(a.name()) + " is not an Appc image name; write lower-case"
          + " letters and digits separated by - . _ ~ or /, e.g. example.com/app"));
    }
    if (a.imageId() == null || a.imageId().length() > MAX_IMAGE_NAME || !APPC_ID.matcher(a.imageId()).matches()) {
      out.add(new Limits.Violation(field + ".imageId", quote(a.imageId()) + " is not an Appc image id; write"
          + " <hash>-<hex>, e.g. sha512-0123abcd..."));
    }
  }

  private static void path(List<Limits.Violation> out, String field, String path, Limits limits) {
    if (path == null || path.isEmpty()) {
      out.add(new Limits.Violation(field, "give an absolute path"));
    } else if (path.length() > limits.maxValueLength()) {
      out.add(new Limits.Violation(field, "is " + path.length() + " characters long, at most "
          + limits.maxValueLength() + " are accepted"));
    } else if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
      out.add(new Limits.Violation(field, quote(path) + " is not an absolute path; start it with /"));
    } else if (List.of(path.split("/")).contains("..")) {
      out.add(new Limits.Violation(field, quote(path) + " has a '..' component; write the path it leads to"));
    }
  }

  private static void count(List<Limits.Violation> out, String field, int size, String what, Limits limits) {
    if (size > limits.maxListItems()) {
      out.add(new Limits.Violation(field, size + " " + what + ", at most " + limits.maxListItems()
          + " are accepted"));
    }
  }

  /** The repository part of a reference: without its tag and digest. */
  private static String repository(String reference) {
    String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    return colon > slash ? name.substring(0, colon) : name;
  }

  private static String quote(String s) {
    return s == null ? "(nothing)" : "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
  }
}
