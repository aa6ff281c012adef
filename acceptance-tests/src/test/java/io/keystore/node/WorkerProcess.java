package io.keystore.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A prover worker in a child JVM: {@code NodeCli prover-worker} as an operator runs it, or another
 * main class of the test sources (a dishonest worker), its output appended to a log.
 */
final class WorkerProcess {

  private WorkerProcess() {}

  /** {@code NodeCli prover-worker} with {@code args}, logging to {@code log}. */
  static Process start(Path log, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("io.keystore.node.cli.NodeCli", "prover-worker"));
    command.addAll(List.of(args));
    return java(log, command);
  }

  /** The main class {@code mainClass} of the test classpath with {@code args}. */
  static Process startMain(Path log, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(mainClass));
    command.addAll(List.of(args));
    return java(log, command);
  }

  private static Process java(Path log, List<String> mainAndArgs) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    command.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
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

  static int occurrences(String text, String of) {
    int n = 0;
    for (int i = text.indexOf(of); i >= 0; i = text.indexOf(of, i + 1)) {
      n++;
    }
    return n;
  }
}
