package io.keystore.devtools;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's Foundry toolchain: anvil, forge, cast and solc under {@code tools/foundry/bin},
 * installed from npm by {@code tools/foundry/ensure.sh} (which {@code ./test} and {@code
 * ./keystore-node} run first).
 */
public final class Foundry {

  private Foundry() {}

  /** {@code tools/foundry/bin/<tool>} of this checkout; fails clearly when it is not installed. */
  public static Path bin(String tool) {
    Path p = ProjectRoot.path().resolve("tools/foundry/bin").resolve(tool);
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException(
          p + " is not installed: run tools/foundry/ensure.sh (./test and ./keystore-node do)");
    }
    return p;
  }

  public static Path anvil() {
    return bin("anvil");
  }

  public static Path solc() {
    return bin("solc");
  }

  public static Path forge() {
    return bin("forge");
  }
}
