package io.github.auroradist.client.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Python sources of the schema, shipped as resources beside this class, and their
 * compiled form ({@code NAME.jybin}: a line with the SHA-256 of the source, then Jython
 * bytecode) that the build writes with {@link SchemaCompiler} so that the client does not
 * compile them on every start.
 */
final class SchemaSources {
  /** In execution order: each may use the names of the ones before it. */
  static final List<String> MODULES = List.of("typesystem", "templates", "simple_types", "structs", "containers",
      "json_text", "schema", "task_helpers", "loader");

  private SchemaSources() {}

  static String sourceResource(String module) {
    return module + ".py";
  }

  static String compiledResource(String module) {
    return module + ".jybin";
  }

  /** The file name tracebacks show for schema code; frames with it are not the user's. */
  static String fileName(String module) {
    return "<aurora-schema/" + module + ".py>";
  }

  static byte[] bytes(String resource) {
    try (InputStream in = SchemaSources.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema resource " + resource, e);
    }
  }

  static String source(String module) {
    byte[] b = bytes(sourceResource(module));
    if (b == null) {
      throw new IllegalStateException("the client jar lacks its schema resource "
          + sourceResource(module));
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
