package io.keystore.node;

import io.keystore.node.cluster.ClusterOptions;
import io.keystore.node.core.AdmissionLimits;
import io.keystore.node.core.AggregationPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a node runs with.
 *
 * @param l1Rpc the L1 JSON-RPC endpoint
 * @param rollupAddress the KeystoreRollup contract (the EIP-712 domain's verifying contract)
 * @param sequencerKey the private key (hex) that signs submitBatch
 * @param dataDir the node's databases
 * @param rpcHost the JSON-RPC listen address
 * @param rpcPort the JSON-RPC port (0: any free port)
 * @param maxSlots transactions per batch (a compiled batch circuit size)
 * @param maxWait how long the oldest pending transaction waits for a full batch
 * @param confirmations L1 blocks above a batch's block before it is final
 * @param receiptTimeout how long a submitBatch may stay unmined before its gas price is bumped
 * @param maxBodyBytes the largest HTTP body accepted
 * @param maxBatchRequests the longest JSON-RPC batch accepted
 * @param mempoolCapacity the most pending transactions
 * @param admission per-client quotas, pending limits and how far batches are cut ahead of the
 *     prover ({@link AdmissionLimits#DEFAULTS} the command line's defaults)
 * @param aggregation when batches are aggregated into one L1 submission (docs/spec/aggregation.md
 *     §7); {@link AggregationPolicy#DIRECT}: never
 * @param cluster the provers' cluster the node hands its proving jobs to; empty: it proves in
 *     process, one job at a time
 */
public record NodeConfig(
    String l1Rpc,
    String rollupAddress,
    String sequencerKey,
    Path dataDir,
    String rpcHost,
    int rpcPort,
    int maxSlots,
    Duration maxWait,
    long confirmations,
    Duration receiptTimeout,
    int maxBodyBytes,
    int maxBatchRequests,
    int mempoolCapacity,
    AdmissionLimits admission,
    AggregationPolicy aggregation,
    Optional<ClusterOptions> cluster) {

  /**
   * A node that proves in process and never aggregates ({@link #withAggregation}, {@link
   * #withCluster}).
   */
  public NodeConfig(
      String l1Rpc,
      String rollupAddress,
      String sequencerKey,
      Path dataDir,
      String rpcHost,
      int rpcPort,
      int maxSlots,
      Duration maxWait,
      long confirmations,
      Duration receiptTimeout,
      int maxBodyBytes,
      int maxBatchRequests,
      int mempoolCapacity,
      AdmissionLimits admission) {
    this(
        l1Rpc,
        rollupAddress,
        sequencerKey,
        dataDir,
        rpcHost,
        rpcPort,
        maxSlots,
        maxWait,
        confirmations,
        receiptTimeout,
        maxBodyBytes,
        maxBatchRequests,
        mempoolCapacity,
        admission,
        AggregationPolicy.DIRECT,
        Optional.empty());
  }

  /** This configuration with another aggregation policy. */
  public NodeConfig withAggregation(AggregationPolicy policy) {
    return new NodeConfig(
        l1Rpc,
        rollupAddress,
        sequencerKey,
        dataDir,
        rpcHost,
        rpcPort,
        maxSlots,
        maxWait,
        confirmations,
        receiptTimeout,
        maxBodyBytes,
        maxBatchRequests,
        mempoolCapacity,
        admission,
        policy,
        cluster);
  }

  /** This configuration with its proving jobs handed to the workers of {@code options}' cluster. */
  public NodeConfig withCluster(ClusterOptions options) {
    return new NodeConfig(
        l1Rpc,
        rollupAddress,
        sequencerKey,
        dataDir,
        rpcHost,
        rpcPort,
        maxSlots,
        maxWait,
        confirmations,
        receiptTimeout,
        maxBodyBytes,
        maxBatchRequests,
        mempoolCapacity,
        admission,
        aggregation,
        Optional.of(options));
  }

  /** Everything but the sequencer key, which never reaches a log. */
  @Override
  public String toString() {
    return "NodeConfig[l1Rpc="
        + l1Rpc
        + ", rollupAddress="
        + rollupAddress
        + ", sequencerKey=<redacted>, dataDir="
        + dataDir
        + ", rpcHost="
        + rpcHost
        + ", rpcPort="
        + rpcPort
        + ", maxSlots="
        + maxSlots
        + ", maxWait="
        + maxWait
        + ", confirmations="
        + confirmations
        + ", receiptTimeout="
        + receiptTimeout
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", maxBatchRequests="
        + maxBatchRequests
        + ", mempoolCapacity="
        + mempoolCapacity
        + ", admission="
        + admission
        + ", aggregation="
        + aggregation
        + ", cluster="
        + cluster
        + "]";
  }
}
