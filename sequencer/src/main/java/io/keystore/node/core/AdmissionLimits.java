package io.keystore.node.core;

import java.util.Optional;

/**
 * What one client, one account and all the new accounts together may queue, and how far the batcher
 * cuts ahead of the prover (sequencer/README.md, "Admission control"). Limits apply at admission
 * only: an admitted transaction is never dropped.
 *
 * @param perAddress the quota of a caller without an API key, per remote address (IPv6: per /64);
 *     empty: none
 * @param perApiKey the quota of each known API key (all its callers together); empty: none
 * @param apiKeys the known API keys
 * @param maxPendingPerSigner the most pending transactions (not yet in a batch) per account and
 *     signer: its owner, each of its guardians, and the unsigned finalise
 * @param maxPendingCreations the most pending account creations, node-wide
 * @param maxUnprovenBatches the most batches cut and waiting for their proof: the batcher cuts the
 *     next one, taking the most urgent pending transactions, only when the prover is nearly free
 */
public record AdmissionLimits(
    Optional<ClientQuota> perAddress,
    Optional<ClientQuota> perApiKey,
    ApiKeys apiKeys,
    int maxPendingPerSigner,
    int maxPendingCreations,
    int maxUnprovenBatches) {

  /**
   * A token bucket: {@code burst} transactions at once, then {@code perSecond} a second.
   *
   * @param perSecond tokens added a second (may be below one)
   * @param burst the bucket's size
   */
  public record ClientQuota(double perSecond, int burst) {
    public ClientQuota {
      if (!(perSecond > 0) || burst < 1) {
        throw new IllegalArgumentException("a quota needs a rate above 0 and a burst of 1 or more");
      }
    }

    /** A quota, or none for a rate of 0. */
    public static Optional<ClientQuota> ofRate(double perSecond, int burst) {
      return perSecond == 0 ? Optional.empty() : Optional.of(new ClientQuota(perSecond, burst));
    }
  }

  /** The node's defaults (the command line's). */
  public static final AdmissionLimits DEFAULTS =
      new AdmissionLimits(
          Optional.of(new ClientQuota(1, 20)),
          Optional.of(new ClientQuota(100, 1000)),
          ApiKeys.NONE,
          4,
          16,
          1);

  /** No limit at all: the node as it was before admission control (tests of other things). */
  public static final AdmissionLimits UNLIMITED =
      new AdmissionLimits(
          Optional.empty(),
          Optional.empty(),
          ApiKeys.NONE,
          Integer.MAX_VALUE,
          Integer.MAX_VALUE,
          Integer.MAX_VALUE);

  public AdmissionLimits {
    if (maxPendingPerSigner < 1 || maxPendingCreations < 0 || maxUnprovenBatches < 1) {
      throw new IllegalArgumentException(
          "pending per signer and unproven batches must be 1 or more, pending creations 0 or more");
    }
  }
}
