package io.github.auroradist.emulator.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A test class's registry holding one {@link TestImage} as {@code test/busybox:v1}: what container
 * tests start in {@code @BeforeAll} (after {@link HostTools#assumeRoot()}) and close in {@code @AfterAll}.
 *
 * @param registry the running registry
 * @param byDigest {@code <host>/test/busybox@sha256:...}, as Aurora's client pins images
 * @param byTag {@code <host>/test/busybox:v1}
 */
public record PublishedImage(ImageRegistry registry, String byDigest, String byTag) implements AutoCloseable {

  /** Starts a registry under {@code dir/registry} and pushes an image built under {@code dir/image}. */
  public static PublishedImage start(Path dir, String osReleaseId) throws IOException {
    ImageRegistry registry = ImageRegistry.start(dir.resolve("registry"));
    try {
      Path layout = TestImage.build(dir.resolve("image"), osReleaseId);
      String digest = registry.push(layout, "latest", "test/busybox", "v1");
      return new PublishedImage(registry, registry.host() + "/test/busybox@" + digest,
          registry.host() + "/test/busybox:v1");
    } catch (IOException | RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  @Override
  public void close() {
    registry.close();
  }
}
