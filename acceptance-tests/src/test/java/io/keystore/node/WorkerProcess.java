package io.keystore.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    return ChildJvm.start(log, Map.of(), command);
  }

  /** The main class {@code mainClass} of the test classpath with {@code args}. */
  static Process startMain(Path log, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(mainClass));
    command.addAll(List.of(args));
    return ChildJvm.start(log, Map.of(), command);
  }
}
