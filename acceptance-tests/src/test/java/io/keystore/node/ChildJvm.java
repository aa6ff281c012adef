package io.keystore.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child JVM on this test's classpath (the node, a prover worker, another main class of the test
 * sources), its output appended to a log, killed with this JVM; and what the tests read in logs.
 */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * Starts {@code mainAndArgs} (a main class, then its arguments) with {@code env} added to this
   * process's environment and signal chaining for the native prover ({@code libjsig}).
   */
  static Process start(Path log, Map<String, String> env, List<String> mainAndArgs)
      throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    command.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.environment()
        .put(
            "LD_PRELOAD", Path.of(System.getProperty("java.home"), "lib", "libjsig.so").toString());
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    return p;
  }

  /** Waits until {@code log} holds {@code text} while {@code process} lives. */
  static void awaitLine(Path log, String text, Process process, Duration patience)
      throws Exception {
    Instant deadline = Instant.now().plus(patience);
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("the process logging to " + log + " is alive").isTrue();
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(log + " never had: " + text);
  }

  /** How many times {@code of} occurs in {@code text}. */
  static int occurrences(String text, String of) {
    int n = 0;
    for (int i = text.indexOf(of); i >= 0; i = text.indexOf(of, i + 1)) {
      n++;
    }
    return n;
  }
}
