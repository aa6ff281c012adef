package io.keystore.devtools;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's root directory, which holds {@code tools/foundry} and {@code test-vectors}: the
 * system property {@code keystore.root} (Maven's surefire sets it), else the environment variable
 * {@code KEYSTORE_ROOT}, else the nearest directory at or above the working directory that has
 * {@code tools/foundry}.
 */
public final class ProjectRoot {

  public static final String PROPERTY = "keystore.root";
  public static final String ENVIRONMENT = "KEYSTORE_ROOT";

  private ProjectRoot() {}

  public static Path path() {
    String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("tools/foundry"))) {
        return d;
      }
    }
    throw new IllegalStateException(
        "no keystore-rollup checkout (a directory with tools/foundry) at or above "
            + start
            + "; set -D"
            + PROPERTY
            + " or "
            + ENVIRONMENT);
  }
}
