package io.keystore.node.cli;

import io.keystore.node.NodeConfig;
import io.keystore.node.core.AdmissionLimits;
import io.keystore.node.core.AdmissionLimits.ClientQuota;
import io.keystore.node.core.AggregationPolicy;
import io.keystore.node.core.ApiKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every node command takes. */
final class NodeOptions {

  @Option(
      names = "--config-file",
      description = "Properties file whose keys are option names (l1-rpc=...).")
  Path configFile;

  @Option(
      names = "--data-dir",
      defaultValue = "keystore-data",
      description = "Node and state databases (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--rpc-host",
      defaultValue = "127.0.0.1",
      description = "JSON-RPC listen address (default: ${DEFAULT-VALUE}).")
  String rpcHost;

  @Option(
      names = "--rpc-port",
      defaultValue = "8645",
      description = "JSON-RPC port (default: ${DEFAULT-VALUE}).")
  int rpcPort;

  @Option(
      names = "--max-slots",
      defaultValue = "1",
      description =
          "Transactions per batch: a compiled batch circuit size (default: ${DEFAULT-VALUE}).")
  int maxSlots;

  @Option(
      names = "--max-wait-ms",
      defaultValue = "1000",
      description = "Longest wait for a full batch (default: ${DEFAULT-VALUE}).")
  long maxWaitMs;

  @Option(
      names = "--confirmations",
      defaultValue = "2",
      description = "L1 blocks on top of a batch before it is final (default: ${DEFAULT-VALUE}).")
  long confirmations;

  @Option(
      names = "--receipt-timeout-ms",
      defaultValue = "30000",
      description =
          "Unmined submitBatch is re-sent with more gas after this (default: ${DEFAULT-VALUE}).")
  long receiptTimeoutMs;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "131072",
      description = "Largest JSON-RPC body (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(
      names = "--max-batch-requests",
      defaultValue = "100",
      description = "Longest JSON-RPC batch (default: ${DEFAULT-VALUE}).")
  int maxBatchRequests;

  @Option(
      names = "--mempool-capacity",
      defaultValue = "10000",
      description = "Most pending transactions (default: ${DEFAULT-VALUE}).")
  int mempoolCapacity;

  // Admission control (AdmissionLimits.DEFAULTS holds the same defaults).

  @Option(
      names = "--client-rate",
      defaultValue = "1",
      description =
          "Transactions a second a remote address (IPv6: a /64) may send once its burst is spent; 0: no per-address quota (default: ${DEFAULT-VALUE}).")
  double clientRate;

  @Option(
      names = "--client-burst",
      defaultValue = "20",
      description = "Transactions a remote address may send at once (default: ${DEFAULT-VALUE}).")
  int clientBurst;

  @Option(
      names = "--api-keys-file",
      description =
          "Properties file of name=key lines: callers presenting a key (X-Api-Key or Authorization: Bearer) get the API-key quota, per key.")
  Path apiKeysFile;

  @Option(
      names = "--api-key-rate",
      defaultValue = "100",
      description =
          "Transactions a second an API key may send once its burst is spent; 0: no quota (default: ${DEFAULT-VALUE}).")
  double apiKeyRate;

  @Option(
      names = "--api-key-burst",
      defaultValue = "1000",
      description = "Transactions an API key may send at once (default: ${DEFAULT-VALUE}).")
  int apiKeyBurst;

  @Option(
      names = "--max-pending-per-signer",
      defaultValue = "4",
      description =
          "Pending transactions per account and signer: its owner, each guardian, the finalise (default: ${DEFAULT-VALUE}).")
  int maxPendingPerSigner;

  @Option(
      names = "--max-pending-creations",
      defaultValue = "16",
      description = "Pending account creations, node-wide (default: ${DEFAULT-VALUE}).")
  int maxPendingCreations;

  @Option(
      names = "--max-unproven-batches",
      defaultValue = "1",
      description =
          "Batches cut and waiting for their proof before the next is cut (default: ${DEFAULT-VALUE}).")
  int maxUnprovenBatches;

  @Option(
      names = "--max-aggregated-batches",
      defaultValue = "0",
      description =
          "Aggregate batches that queue up into one L1 submission of at most this many (2 to 64;"
              + " docs/spec/aggregation.md); a batch proven while nothing else waits still goes to"
              + " L1 alone. 0: never aggregate (default: ${DEFAULT-VALUE}).")
  int maxAggregatedBatches;

  @Mixin ClusterCliOptions cluster;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  NodeConfig config(String l1Rpc, String rollupAddress, String sequencerKey, Path dir) {
    NodeConfig config = inProcess(l1Rpc, rollupAddress, sequencerKey, dir);
    return cluster.options().map(config::withCluster).orElse(config);
  }

  private NodeConfig inProcess(String l1Rpc, String rollupAddress, String sequencerKey, Path dir) {
    return new NodeConfig(
            l1Rpc,
            rollupAddress,
            sequencerKey,
            dir,
            rpcHost,
            rpcPort,
            maxSlots,
            Duration.ofMillis(maxWaitMs),
            confirmations,
            Duration.ofMillis(receiptTimeoutMs),
            maxBodyBytes,
            maxBatchRequests,
            mempoolCapacity,
            admission())
        .withAggregation(aggregation());
  }

  AggregationPolicy aggregation() {
    if (maxAggregatedBatches == 1) {
      throw new ParameterException(
          spec.commandLine(), "--max-aggregated-batches: 0 (never), or 2 to 64");
    }
    try {
      return new AggregationPolicy(maxAggregatedBatches);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  AdmissionLimits admission() {
    try {
      return new AdmissionLimits(
          ClientQuota.ofRate(clientRate, clientBurst),
          ClientQuota.ofRate(apiKeyRate, apiKeyBurst),
          apiKeys(),
          maxPendingPerSigner,
          maxPendingCreations,
          maxUnprovenBatches);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "admission limits: " + e.getMessage());
    }
  }

  private ApiKeys apiKeys() {
    if (apiKeysFile == null) {
      return ApiKeys.NONE;
    }
    try {
      return ApiKeys.load(apiKeysFile);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot read the API keys file " + apiKeysFile + ": " + e);
    }
  }
}
