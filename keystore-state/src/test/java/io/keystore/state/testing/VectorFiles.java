package io.keystore.state.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.devtools.TestVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test-vector files (test-vectors/ at the root) that the Java reference writes: where
 * they are, and the check that a committed file is what the reference produces today.
 */
public final class VectorFiles {

  /** Regenerates instead of failing: {@code -Dkeystore.regenerateVectors=true}. */
  public static final String REGENERATE_PROPERTY = "keystore.regenerateVectors";

  private VectorFiles() {}

  /** test-vectors/{name} ({@link TestVectors}). */
  public static Path path(String name) {
    return TestVectors.path(name);
  }

  /**
   * Asserts that the committed file equals {@code expected}, after writing it first when the
   * regenerate property is set.
   */
  public static void assertCommittedMatches(String name, String expected) throws IOException {
    Path p = path(name);
    if (Boolean.getBoolean(REGENERATE_PROPERTY)) {
      Files.writeString(p, expected, StandardCharsets.UTF_8);
    }
    assertThat(p).exists();
    assertThat(Files.readString(p, StandardCharsets.UTF_8))
        .as("%s differs from the reference: regenerate with -D%s=true", p, REGENERATE_PROPERTY)
        .isEqualTo(expected);
  }
}
