package io.keystore.node.core;

import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.node.storage.StoredTx;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.proof.BatchCircuit;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.util.List;
import java.util.OptionalInt;

/**
 * The circuit of a node batch (docs/spec/proof.md §9): its size ({@link StoredBatch#slots()}) and
 * its signers' key scheme, which names the prover's circuit ({@link BatchCircuit#name()}) and the
 * contract's verifier ({@link BatchCircuit#id()}). The batcher puts the signed transactions of one
 * scheme only in a batch ({@link BatchCut}); forced transactions are secp256k1 and make a secp256k1
 * batch; a batch of unsigned transactions alone (FinaliseRecovery) is a secp256k1 batch.
 *
 * <p>The one place that tells a batch's scheme: from its stored transactions' signatures, which the
 * node keeps for good (so a restart finds the same circuit, and no table records it), until
 * keystore-state's witness builder tells it.
 */
public final class BatchCircuits {

  private BatchCircuits() {}

  /**
   * The scheme {@code tx} binds its batch to: its signature's; empty for an unsigned transaction
   * (FinaliseRecovery), which fits a batch of any scheme.
   */
  public static OptionalInt schemeOf(Transaction tx) {
    return tx.txSignature()
        .map(TxSignature::scheme)
        .map(OptionalInt::of)
        .orElse(OptionalInt.empty());
  }

  /**
   * The scheme of a batch that takes {@code forced} forced transactions first, then {@code txs}:
   * secp256k1 with forced ones, else the first signed transaction's (the batcher never mixes
   * schemes), else secp256k1.
   */
  public static int schemeOf(int forced, List<Transaction> txs) {
    if (forced > 0) {
      return PublicKey.SCHEME_SECP256K1;
    }
    for (Transaction tx : txs) {
      OptionalInt scheme = schemeOf(tx);
      if (scheme.isPresent()) {
        return scheme.getAsInt();
      }
    }
    return PublicKey.SCHEME_SECP256K1;
  }

  /** The circuit of a stored batch: its size and the scheme of its transactions. */
  public static BatchCircuit of(NodeStore store, StoredBatch batch) {
    int scheme =
        batch.forcedCount() > 0
            ? PublicKey.SCHEME_SECP256K1
            : schemeOf(0, decodeAll(store.txsOf(batch.id())));
    return new BatchCircuit(scheme, batch.slots());
  }

  static List<Transaction> decodeAll(List<StoredTx> rows) {
    return rows.stream().map(BatchCircuits::decode).toList();
  }

  static Transaction decode(StoredTx row) {
    try {
      return TxCodec.decode(row.raw());
    } catch (DecodingException e) {
      throw new IllegalStateException("stored transaction " + row.hash() + " does not decode", e);
    }
  }
}
