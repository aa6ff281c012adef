package io.keystore.devtools;

import java.nio.file.Path;

/**
 * The shared test-vector files ({@code test-vectors/} at the root), which the Java reference writes
 * and the Java, Go and Solidity suites check: the directory in the system property {@code
 * keystore.vectors} (Maven's surefire sets it), else {@code test-vectors/} of the {@link
 * ProjectRoot}.
 */
public final class TestVectors {

  public static final String PROPERTY = "keystore.vectors";

  private TestVectors() {}

  public static Path directory() {
    String dir = System.getProperty(PROPERTY);
    return dir != null ? Path.of(dir) : ProjectRoot.path().resolve("test-vectors");
  }

  /** {@code test-vectors/<name>}. */
  public static Path path(String name) {
    return directory().resolve(name);
  }
}
