package io.keystore.node.cli;

import io.keystore.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every node command takes. */
final class NodeOptions {

  @Option(names = "--config-file", description = "Properties file whose keys are option names (l1-rpc=...).")
  Path configFile;

  @Option(names = "--data-dir", defaultValue = "keystore-data", description = "Node and state databases (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--rpc-host", defaultValue = "127.0.0.1", description = "JSON-RPC listen address (default: ${DEFAULT-VALUE}).")
  String rpcHost;

  @Option(names = "--rpc-port", defaultValue = "8645", description = "JSON-RPC port (default: ${DEFAULT-VALUE}).")
  int rpcPort;

  @Option(names = "--max-slots", defaultValue = "1", description = "Transactions per batch: a compiled batch circuit size (default: ${DEFAULT-VALUE}).")
  int maxSlots;

  @Option(names = "--max-wait-ms", defaultValue = "1000", description = "Longest wait for a full batch (default: ${DEFAULT-VALUE}).")
  long maxWaitMs;

  @Option(names = "--confirmations", defaultValue = "2", description = "L1 blocks on top of a batch before it is final (default: ${DEFAULT-VALUE}).")
  long confirmations;

  @Option(names = "--receipt-timeout-ms", defaultValue = "30000", description = "Unmined submitBatch is re-sent with more gas after this (default: ${DEFAULT-VALUE}).")
  long receiptTimeoutMs;

  @Option(names = "--max-body-bytes", defaultValue = "131072", description = "Largest JSON-RPC body (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(names = "--max-batch-requests", defaultValue = "100", description = "Longest JSON-RPC batch (default: ${DEFAULT-VALUE}).")
  int maxBatchRequests;

  @Option(names = "--mempool-capacity", defaultValue = "100000", description = "Most pending transactions (default: ${DEFAULT-VALUE}).")
  int mempoolCapacity;

  NodeConfig config(String l1Rpc, String rollupAddress, String sequencerKey, Path dir) {
    return new NodeConfig(l1Rpc, rollupAddress, sequencerKey, dir, rpcHost, rpcPort, maxSlots,
        Duration.ofMillis(maxWaitMs), confirmations, Duration.ofMillis(receiptTimeoutMs), maxBodyBytes,
        maxBatchRequests, mempoolCapacity);
  }
}
