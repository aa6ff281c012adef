package io.keystore.state.proof;

import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.account.PendingRecovery;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class BatchWitnessTest {

  final KeystoreState state = new KeystoreState(new MemoryTreeStore(), DOMAIN);

  BatchResult createAccount() {
    return state.applyBatch(
        List.of(SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION))), T0);
  }

  @Test
  void witnessHasTheHeaderThenOneBlockPerSlotWithEmptySlotsAllZero() {
    BatchWitness w = BatchWitness.of(createAccount(), DOMAIN, 4);

    assertThat(w.toBytes().size()).isEqualTo((8 + 2 * 4 + 2 * 4 + 4 * 118) * 32);
    assertThat(w.slots()).hasSize(4);
    assertThat(w.slots().get(0).get(0)).isEqualTo(Fr.ONE); // UpdateConfig
    for (List<Fr> empty : w.slots().subList(1, 4)) {
      assertThat(empty).hasSize(BatchWitness.SLOT_ELEMENTS).containsOnly(Fr.ZERO);
    }
  }

  @Test
  void headerCarriesRootsLeafCountsTimeAndThePublishedUpdates() {
    BatchResult r = createAccount();
    BatchHeader h = BatchWitness.of(r, DOMAIN, 1).header();

    assertThat(h.oldRoot()).isEqualTo(r.oldRoot());
    assertThat(h.newRoot()).isEqualTo(r.newRoot());
    assertThat(h.oldLeafCount()).isEqualTo(1);
    assertThat(h.newLeafCount()).isEqualTo(2);
    assertThat(h.time()).isEqualTo(T0);
    assertThat(h.txCount()).isEqualTo(1);
    Bytes32 value = state.account(ACCOUNT).orElseThrow().hash().toBytes();
    assertThat(h.published()).containsExactly(new PublishedUpdate(ACCOUNT, value));
  }

  @Test
  void publicBytesAreTheHeaderThenEachSlotsUpdateWithZerosForEmptySlots() {
    BatchResult r = createAccount();
    BatchHeader h = BatchWitness.of(r, DOMAIN, 4).header();
    Bytes b = h.publicBytes(4);

    assertThat(b.size()).isEqualTo(128 + 4 * 32 + 4 * 52);
    assertThat(b.slice(0, 32)).isEqualTo(DOMAIN.separator());
    assertThat(b.slice(32, 32)).isEqualTo(r.oldRoot());
    assertThat(b.slice(64, 32)).isEqualTo(r.newRoot());
    assertThat(b.slice(96, 8).toLong()).isEqualTo(1);
    assertThat(b.slice(104, 8).toLong()).isEqualTo(2);
    assertThat(b.slice(112, 8).toLong()).isEqualTo(T0);
    assertThat(b.slice(120, 8).toLong()).isEqualTo(1);
    assertThat(b.slice(128, 128).isZero()).isTrue(); // no forced ids
    assertThat(b.slice(256, 20)).isEqualTo(ACCOUNT.toBytes());
    assertThat(b.slice(276, 32)).isEqualTo(state.account(ACCOUNT).orElseThrow().hash().toBytes());
    assertThat(b.slice(308).isZero()).isTrue();
  }

  @Test
  void publishedBytesAreAccountThenValuePerTransactionAsInThePublicBytes() {
    BatchResult r = createAccount();
    BatchHeader h = BatchWitness.of(r, DOMAIN, 4).header();

    Bytes published = h.publishedBytes();

    assertThat(published)
        .isEqualTo(
            Bytes.concatenate(
                ACCOUNT.toBytes(), state.account(ACCOUNT).orElseThrow().hash().toBytes()));
    assertThat(h.publicBytes(4).slice(256, published.size())).isEqualTo(published);
  }

  @Test
  void publicInputIsTheKeccakOfThePublicBytesBelow2To253() {
    BatchHeader h = BatchWitness.of(createAccount(), DOMAIN, 1).header();
    Bytes32 digest = Keccak256.hash(h.publicBytes(1));

    assertThat(h.publicInput(1).slice(1)).isEqualTo(digest.slice(1));
    assertThat(h.publicInput(1).get(0)).isEqualTo((byte) (digest.get(0) & 0x1f));
  }

  @Test
  void anEmptyBatchPublishesNothingAndKeepsTheRoot() {
    BatchResult r = state.applyBatch(List.of(), T0);
    BatchHeader h = BatchWitness.of(r, DOMAIN, 1).header();

    assertThat(h.published()).isEmpty();
    assertThat(h.newRoot()).isEqualTo(h.oldRoot());
    assertThat(h.txCount()).isZero();
  }

  @Test
  void rejectedTransactionsAreLeftOutOfTheWitness() {
    createAccount();
    BatchResult r =
        state.applyBatch(
            List.of(SIGNING.updateConfig(THIEF, ACCOUNT, 1, INITIAL, Optional.empty())), T0 + 1);
    BatchWitness w = BatchWitness.of(r, DOMAIN, 1);

    assertThat(r.rejected()).hasSize(1);
    assertThat(w.header().txCount()).isZero();
    assertThat(w.slots().get(0)).containsOnly(Fr.ZERO);
  }

  @Test
  void publicInputDependsOnTheDomainSoAProofCannotMoveToAnotherDeployment() {
    BatchResult r = createAccount();
    Eip712Domain other =
        Eip712Domain.keystore(1, Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"));

    assertThat(BatchWitness.of(r, other, 1).publicInput())
        .isNotEqualTo(BatchWitness.of(r, DOMAIN, 1).publicInput());
  }

  @Test
  void slotOfACreationCarriesTheSaltAndTheLowLeafPathToTheOldRoot() {
    BatchResult r = createAccount();
    List<Fr> slot = BatchWitness.of(r, DOMAIN, 1).slots().get(0);

    assertThat(slot.get(2)).isEqualTo(Fr.ONE);
    assertThat(slot.get(3)).isEqualTo(CREATION.salt());
    Fr lowLeaf = TreeHashing.leafHash(slot.get(44), slot.get(45), slot.get(46));
    long index = slot.get(43).toBigInteger().longValueExact();
    assertThat(TreeHashing.rootFromPath(lowLeaf, index, slot.subList(47, 79)).toBytes())
        .isEqualTo(r.oldRoot());
    assertThat(slot.get(79)).isEqualTo(Fr.ONE); // the next free index after the sentinel
  }

  ForcedTransaction forced(PrivateKey signer, Transaction tx) throws Exception {
    Bytes key = signer == null ? Bytes.EMPTY : signer.publicKey().toXY();
    return ForcedTransaction.validate(TxCodec.encode(tx), key, DOMAIN);
  }

  @Test
  void forcedIdsComeAfterTheFixedBytesAndInTheHeaderAsHalves() throws Exception {
    createAccount();
    ForcedTransaction f = forced(OWNER, SIGNING.cancelRecovery(OWNER, ACCOUNT, 0));
    BatchResult r = state.applyBatch(List.of(f), List.of(), T0 + 1);
    BatchWitness w = BatchWitness.of(r, DOMAIN, 4);

    assertThat(w.header().forcedIds()).containsExactly(f.forceId());
    Bytes b = w.header().publicBytes(4);
    assertThat(b.slice(128, 32)).isEqualTo(f.forceId());
    assertThat(b.slice(160, 96).isZero()).isTrue();
    List<Fr> header = w.header().toFieldElements(4);
    assertThat(header).hasSize(BatchHeader.fieldElements(4)).hasSize(8 + 8 + 8);
    assertThat(
            Bytes.concatenate(header.get(8).toBytes().slice(16), header.get(9).toBytes().slice(16)))
        .isEqualTo(f.forceId());
  }

  @Test
  void aRejectedForcedTransactionKeepsItsSlotPublishesNothingAndKeepsTheRoot() throws Exception {
    createAccount();
    ForcedTransaction f = forced(OWNER, SIGNING.cancelRecovery(OWNER, ACCOUNT, 1));
    BatchResult r = state.applyBatch(List.of(f), List.of(), T0 + 1);
    BatchWitness w = BatchWitness.of(r, DOMAIN, 1);

    assertThat(r.forcedRejected())
        .singleElement()
        .extracting(TxOutcome.ForcedRejected::reason)
        .isEqualTo(RejectionReason.NOTHING_PENDING);
    assertThat(w.header().newRoot()).isEqualTo(w.header().oldRoot());
    assertThat(w.header().txCount()).isEqualTo(1);
    assertThat(w.header().published()).containsExactly(BatchHeader.NOTHING);
    List<Fr> slot = w.slots().get(0);
    assertThat(slot.get(0)).isEqualTo(Fr.of(3)); // CancelRecovery
    assertThat(slot.get(2)).isEqualTo(Fr.ZERO); // present
    assertThat(slot.subList(79, 112)).containsOnly(Fr.ZERO); // no tree write
    assertThat(slot.get(112)).isEqualTo(Fr.ONE); // its own nonce
  }

  @Test
  void aForcedTransactionForAnAbsentAccountCarriesTheLowLeafAndNoWrite() throws Exception {
    ForcedTransaction f = forced(OWNER, SIGNING.cancelRecovery(OWNER, ACCOUNT, 7));
    BatchResult r = state.applyBatch(List.of(f), List.of(), T0);
    List<Fr> slot = BatchWitness.of(r, DOMAIN, 1).slots().get(0);

    assertThat(r.forcedRejected())
        .singleElement()
        .extracting(TxOutcome.ForcedRejected::reason)
        .isEqualTo(RejectionReason.ACCOUNT_NOT_FOUND);
    assertThat(slot.get(2)).isEqualTo(Fr.ONE); // absent
    assertThat(slot.subList(3, 25)).containsOnly(Fr.ZERO); // no creation, no configuration
    Fr lowLeaf = TreeHashing.leafHash(slot.get(44), slot.get(45), slot.get(46));
    assertThat(TreeHashing.rootFromPath(lowLeaf, 0, slot.subList(47, 79)).toBytes())
        .isEqualTo(r.oldRoot());
    assertThat(slot.get(112)).isEqualTo(Fr.of(7));
    assertThat(slot.get(113)).isEqualTo(Fr.ZERO);
  }

  @Test
  void anAppliedCreationCarriesItsCreationCommitment() {
    List<Fr> slot = BatchWitness.of(createAccount(), DOMAIN, 1).slots().get(0);

    assertThat(slot.get(113))
        .isEqualTo(
            ForcedTransaction.creationCommitment(
                SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION))));
    assertThat(slot.get(113)).isNotEqualTo(Fr.ZERO);
  }

  @Test
  void theVetoBitsOfThePendingRecoveryFollowTheOwnFieldsAndOnlyThem() throws Exception {
    createAccount();
    state.applyBatch(
        List.of(
            SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.empty()),
            SIGNING.approveRecovery(G1, ACCOUNT, 1, NEW_OWNER.publicKey(), 0, Optional.empty())),
        T0 + 1);
    Transaction veto =
        SIGNING.approveRecovery(G2, ACCOUNT, 2, PendingRecovery.VETO_KEY, 0, Optional.empty());
    List<Fr> vetoSlot =
        BatchWitness.of(state.applyBatch(List.of(veto), T0 + 2), DOMAIN, 1).slots().get(0);
    assertThat(vetoSlot).hasSize(118);
    assertThat(vetoSlot.get(34)).isEqualTo(PendingRecovery.VETO_KEY_HASH); // proposedOwnerKeyHash
    assertThat(vetoSlot.subList(114, 118)).containsOnly(Fr.ZERO); // before the veto: none
    assertThat(vetoSlot.subList(16, 20)).containsExactly(Fr.ONE, Fr.ONE, Fr.ZERO, Fr.ZERO);

    // The owner's cancel, forced and applied: its slot opens the vetoed recovery.
    ForcedTransaction cancel = forced(OWNER, SIGNING.cancelRecovery(OWNER, ACCOUNT, 1));
    BatchResult r = state.applyBatch(List.of(cancel), List.of(), T0 + 3);
    assertThat(r.applied()).hasSize(1);
    List<Fr> slot = BatchWitness.of(r, DOMAIN, 1).slots().get(0);
    assertThat(slot.get(14)).isEqualTo(Fr.ONE); // recoveryPending
    assertThat(slot.subList(114, 118)).containsExactly(Fr.ZERO, Fr.ZERO, Fr.ONE, Fr.ZERO);
    assertThat(slot.get(112)).isEqualTo(Fr.ONE); // txCounter: the nonce

    // A second cancel (nothing pending now) rejected by proof: no veto bits to open.
    ForcedTransaction again = forced(OWNER, SIGNING.cancelRecovery(OWNER, ACCOUNT, 2));
    BatchResult r2 = state.applyBatch(List.of(again), List.of(), T0 + 4);
    assertThat(r2.forcedRejected()).hasSize(1);
    assertThat(BatchWitness.of(r2, DOMAIN, 1).slots().get(0).subList(114, 118))
        .containsOnly(Fr.ZERO);
  }

  @Test
  void aCancelWithoutAVetoIsRejectedByProofWithTheRecoveryOpened() throws Exception {
    createAccount();
    state.applyBatch(
        List.of(
            SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.empty()),
            SIGNING.approveRecovery(G1, ACCOUNT, 1, NEW_OWNER.publicKey(), 0, Optional.empty())),
        T0 + 1);
    ForcedTransaction cancel = forced(OWNER, SIGNING.cancelRecovery(OWNER, ACCOUNT, 1));
    BatchResult r = state.applyBatch(List.of(cancel), List.of(), T0 + 2);
    assertThat(r.forcedRejected())
        .singleElement()
        .extracting(TxOutcome.ForcedRejected::reason)
        .isEqualTo(RejectionReason.GUARDIAN_VETO_REQUIRED);
    List<Fr> slot = BatchWitness.of(r, DOMAIN, 1).slots().get(0);
    assertThat(slot.get(14)).isEqualTo(Fr.ONE);
    assertThat(slot.subList(114, 118)).containsOnly(Fr.ZERO);
    assertThat(BatchWitness.of(r, DOMAIN, 1).header().newRoot()).isEqualTo(r.oldRoot());
  }

  @Test
  void moreForcedTransactionsThanFSlotsAreRefused() throws Exception {
    createAccount();
    List<ForcedTransaction> five = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      five.add(forced(null, new Transaction.FinaliseRecovery(ACCOUNT)));
    }
    BatchResult r = state.applyBatch(five, List.of(), T0 + 1);

    assertThatThrownBy(() -> BatchWitness.of(r, DOMAIN, 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 forced transactions do not fit");
  }

  @Test
  void moreAppliedTransactionsThanSlotsIsRefused() {
    BatchResult r =
        state.applyBatch(
            List.of(
                SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION)),
                SIGNING.updateConfig(OWNER, ACCOUNT, 1, INITIAL, Optional.empty())),
            T0);

    assertThatThrownBy(() -> BatchWitness.of(r, DOMAIN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 transactions do not fit in 1 slots");
    assertThatThrownBy(() -> BatchWitness.of(r, DOMAIN, 2).header().publicBytes(1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
