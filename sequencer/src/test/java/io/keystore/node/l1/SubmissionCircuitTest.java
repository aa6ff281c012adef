package io.keystore.node.l1;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.storage.BatchRecord;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TxSigning;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the submitter sends names each batch by its circuit id (docs/spec/proof.md §9): its size
 * plus 256·(scheme − 1), the scheme of its transactions' signatures; an aggregate names each of its
 * batches by its own.
 */
class SubmissionCircuitTest {

  @TempDir Path dir;

  static final TxSigning SIGNING =
      new TxSigning(
          Eip712Domain.keystore(
              31337, Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3")));

  static Transaction.UpdateConfig creation(int i, Optional<TxSignature> signature) {
    PrivateKey owner = PrivateKey.of(BigInteger.valueOf(1000 + i));
    AccountCreation c =
        new AccountCreation(
            Fr.of(i),
            new Settings(
                owner.publicKey(), GuardianSet.none(GuardianSet.MIN_RECOVERY_DELAY), Fr.ZERO));
    Transaction.UpdateConfig tx =
        SIGNING.updateConfig(owner, c.address(), 0, c.settings(), Optional.of(c));
    return signature
        .map(
            s ->
                new Transaction.UpdateConfig(
                    tx.account(), tx.nonce(), tx.newSettings(), tx.creation(), s))
        .orElse(tx);
  }

  static final P256Signature P256 = new P256Signature(BigInteger.TWO, BigInteger.ONE);

  /** A proven batch {@code id} of {@code slots} slots with {@code txs}, leaf of an aggregate. */
  static void proven(NodeStore store, long id, int slots, Transaction... txs) {
    List<Long> seqs = new ArrayList<>();
    for (Transaction tx : txs) {
      store.insertPendingAll(
          List.of(new NodeStore.NewTx(TxCodec.hash(tx), 0, TxCodec.encode(tx), 1)));
      seqs.add(store.tx(TxCodec.hash(tx)).orElseThrow().seq());
    }
    store.planBatch(id, id, id - 1, slots, seqs, 1);
    store.recordBatch(
        new BatchRecord(
            id,
            BatchStatus.BATCHED,
            Bytes32.leftPad(Bytes.ofUnsignedLong(id - 1)),
            Bytes32.leftPad(Bytes.ofUnsignedLong(id)),
            id,
            id + 1,
            Bytes.repeat((byte) 7, 52),
            Bytes.EMPTY),
        List.of(),
        2);
    store.setLeafProof(id, Bytes.of(1), Bytes32.leftPad(Bytes.ofUnsignedLong(100 + id)), 3);
  }

  @Test
  void eachBatchIsSubmittedUnderItsCircuitId() {
    try (NodeStore store = NodeStore.open(dir)) {
      proven(store, 1, 1, creation(1, Optional.of(P256)));
      proven(
          store,
          2,
          1,
          creation(
              2,
              Optional.of(
                  new WebAuthnSignature(
                      Bytes.wrap(new byte[WebAuthnSignature.MIN_AUTHENTICATOR_DATA]),
                      Bytes.wrap(new byte[WebAuthnSignature.MIN_CLIENT_DATA_JSON]),
                      P256))));
      proven(
          store,
          3,
          4,
          creation(3, Optional.empty()),
          new Transaction.FinaliseRecovery(creation(4, Optional.empty()).account()));

      for (long id = 1; id <= 3; id++) {
        store.setProof(id, Bytes.of(2), 4);
      }
      List<Integer> direct = new ArrayList<>();
      for (long id = 1; id <= 3; id++) {
        direct.add(
            ((RollupL1.BatchSubmission) Submitter.submission(store.batch(id).orElseThrow(), store))
                .circuit());
      }
      assertThat(direct).containsExactly(257, 513, 4);
    }
  }

  @Test
  void anAggregateNamesEachOfItsBatchesByItsOwnCircuit() {
    try (NodeStore store = NodeStore.open(dir)) {
      proven(store, 1, 4, creation(1, Optional.empty()));
      proven(store, 2, 1, creation(2, Optional.of(P256)));
      proven(
          store, 3, 1, new Transaction.FinaliseRecovery(creation(3, Optional.empty()).account()));
      store.createAggregate(1, 3, 4);
      store.setAggregateProof(1, Bytes.of(3), 5);

      RollupL1.AggregatedSubmission s =
          (RollupL1.AggregatedSubmission) Submitter.submission(store.batch(1).orElseThrow(), store);

      assertThat(s.batches().stream().map(RollupL1.AggregatedBatch::circuit))
          .containsExactly(4, 257, 1);
    }
  }
}
