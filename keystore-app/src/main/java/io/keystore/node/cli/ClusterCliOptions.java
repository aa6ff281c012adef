package io.keystore.node.cli;

import io.keystore.node.cluster.ClusterOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The provers' cluster options, shared by the node commands and {@code prover-worker}. */
final class ClusterCliOptions {

  @Option(
      names = "--cluster-host",
      defaultValue = "127.0.0.1",
      description =
          "The IP address this process joins the provers' cluster on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--cluster-port",
      description =
          "The Hazelcast member port of this process; for the node, setting it hands proving jobs"
              + " to prover workers instead of proving in process (default: none).")
  Integer port;

  @Option(
      names = "--cluster-members",
      split = ",",
      description =
          "host:port of the cluster's other members (the node, workers), comma-separated.")
  List<String> members = List.of();

  @Option(
      names = "--cluster-secret",
      description =
          "The cluster secret (16 characters or more): TLS on the event bus and the cluster name"
              + " come from it; prefer KEYSTORE_CLUSTER_SECRET or --cluster-secret-file. Without"
              + " one the cluster runs in plaintext, on loopback only.")
  String secret;

  @Option(
      names = "--cluster-secret-file",
      description = "A file holding the cluster secret (its first line).")
  Path secretFile;

  @Option(
      names = "--worker-lease-ms",
      defaultValue = "30000",
      description =
          "How long a worker holds a job without renewing its lease (default: ${DEFAULT-VALUE}).")
  long leaseMs;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** The cluster to join, when {@code --cluster-port} is set. */
  Optional<ClusterOptions> options() {
    if (port == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ClusterOptions(host, port, members, secret(), Duration.ofMillis(leaseMs)));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Optional<String> secret() {
    if (secretFile == null) {
      return Optional.ofNullable(secret).filter(s -> !s.isBlank());
    }
    try {
      return Files.readAllLines(secretFile, StandardCharsets.UTF_8).stream()
          .findFirst()
          .map(String::strip);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot read --cluster-secret-file " + secretFile + ": " + e);
    }
  }
}
