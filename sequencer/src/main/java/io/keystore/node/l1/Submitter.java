package io.keystore.node.l1;

import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits PROVEN batches to L1 in order. The nonce and the signed transaction's hash are persisted
 * before the transaction is sent; a restart first asks L1 whether the batch's new root is recorded
 * ({@code rootInfo}), so a batch is never submitted twice, and otherwise re-sends with the same
 * nonce. A transaction not mined within the timeout is re-sent with the same nonce and a higher gas
 * price. SUBMITTED batches become FINALISED once their block is {@code confirmations} deep, and
 * go back to PROVEN if a reorg dropped their root.
 */
public final class Submitter {

  private static final Logger LOG = LoggerFactory.getLogger(Submitter.class);
  private static final String NEXT_NONCE = "l1_next_nonce";
  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000);

  private final NodeStore store;
  private final L1Client l1;
  private final Credentials sender;
  private final Clock clock;
  private final Duration receiptTimeout;
  private final int gasBumpPercent;
  private final long confirmations;
  private long attemptSentAt = -1;

  public Submitter(
      NodeStore store,
      L1Client l1,
      Credentials sender,
      Clock clock,
      Duration receiptTimeout,
      int gasBumpPercent,
      long confirmations) {
    this.store = store;
    this.l1 = l1;
    this.sender = sender;
    this.clock = clock;
    this.receiptTimeout = receiptTimeout;
    this.gasBumpPercent = gasBumpPercent;
    this.confirmations = confirmations;
  }

  /** Moves the oldest PROVEN batch one step towards L1; true if it did something. */
  public boolean tick() throws Exception {
    Optional<StoredBatch> next = store.firstBatch("PROVEN");
    if (next.isEmpty()) {
      return false;
    }
    StoredBatch b = next.get();
    Optional<Long> onL1 = l1BlockOf(b);
    if (onL1.isPresent()) {
      LOG.info("batch {} is on L1 in block {}", b.id(), onL1.get());
      store.setSubmitted(b.id(), onL1.get(), now());
      attemptSentAt = -1;
      return true;
    }
    if (b.l1TxHash().isEmpty()) {
      long nonce = Math.max(l1.pendingNonce(sender.getAddress()), store.meta(NEXT_NONCE).map(Long::parseLong).orElse(0L));
      send(b, nonce, l1.gasPrice());
      store.putMeta(NEXT_NONCE, Long.toString(nonce + 1));
      return true;
    }
    return follow(b);
  }

  private boolean follow(StoredBatch b) throws Exception {
    Optional<TransactionReceipt> receipt = l1.receipt(b.l1TxHash().orElseThrow());
    if (receipt.isPresent()) {
      if (!receipt.get().isStatusOK()) {
        LOG.error("submitBatch of batch {} reverted (tx {}); sending it again", b.id(), b.l1TxHash().get());
        send(b, l1.pendingNonce(sender.getAddress()), l1.gasPrice());
        return true;
      }
      return false; // mined: the next tick sees the root
    }
    if (attemptSentAt < 0) {
      // after a restart: broadcast the persisted attempt again (same nonce, same price)
      resend(b, b.l1GasPrice().orElseThrow());
      return true;
    }
    if (System.nanoTime() - attemptSentAt > receiptTimeout.toNanos()) {
      BigInteger bumped =
          b.l1GasPrice().orElseThrow().multiply(BigInteger.valueOf(100 + gasBumpPercent)).divide(BigInteger.valueOf(100));
      LOG.warn("batch {}: no receipt within {}; gas price {} -> {}", b.id(), receiptTimeout, b.l1GasPrice().get(), bumped);
      resend(b, bumped);
      return true;
    }
    return false;
  }

  private void resend(StoredBatch b, BigInteger gasPrice) throws Exception {
    send(b, b.l1Nonce().orElseThrow(), gasPrice);
  }

  private void send(StoredBatch b, long nonce, BigInteger gasPrice) throws Exception {
    String data =
        l1.submitBatchData(
            b.slots(),
            b.newRoot().orElseThrow(),
            b.newLeafCount(),
            b.time(),
            b.forcedCount(),
            b.updates().orElseThrow(),
            b.proof().orElseThrow());
    L1Client.Signed signed = l1.sign(sender, nonce, gasPrice, GAS_LIMIT, data);
    store.setL1Attempt(b.id(), nonce, gasPrice, signed.hash(), now());
    Optional<String> error = l1.send(signed);
    attemptSentAt = System.nanoTime();
    if (error.isPresent()) {
      LOG.warn("batch {}: L1 refused tx {}: {}", b.id(), signed.hash(), error.get());
    } else {
      LOG.info("batch {}: submitBatch sent, nonce {}, gas price {}, tx {}", b.id(), nonce, gasPrice, signed.hash());
    }
  }

  /** Finalises SUBMITTED batches deep enough; returns a dropped one to PROVEN. */
  public boolean followFinality() throws Exception {
    boolean progressed = false;
    for (StoredBatch b : store.batchesIn("SUBMITTED")) {
      Optional<Long> onL1 = l1BlockOf(b);
      if (onL1.isEmpty()) {
        LOG.warn("batch {}: it left L1 (reorg); submitting again", b.id());
        store.setStatus(b.id(), "PROVEN", now());
        progressed = true;
      } else if (l1.blockNumber() - onL1.get() >= confirmations) {
        store.setStatus(b.id(), "FINALISED", now());
        LOG.info("batch {} finalised (L1 block {})", b.id(), onL1.get());
        progressed = true;
      }
    }
    return progressed;
  }

  /**
   * The L1 block that holds batch {@code b}, if L1 has it: where its new root was recorded; or, for
   * a batch that changed nothing (its transactions are all forced ones rejected by proof, so its
   * root is the previous one), whether L1's force queue has moved past its forced transactions
   * (the block is then the one recorded at submission, or the current one).
   */
  private Optional<Long> l1BlockOf(StoredBatch b) throws Exception {
    if (!b.oldRoot().equals(b.newRoot())) {
      L1Client.RootInfo info = l1.rootInfo(b.newRoot().orElseThrow());
      return info.recorded() ? Optional.of(info.l1Block()) : Optional.empty();
    }
    long lastForced =
        store.forcedOf(b.id()).stream().mapToLong(f -> f.queueIndex()).max().orElse(Long.MAX_VALUE);
    if (lastForced == Long.MAX_VALUE || l1.forceHead() <= lastForced) {
      return Optional.empty();
    }
    return Optional.of(b.l1Block().orElse(l1.blockNumber()));
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
