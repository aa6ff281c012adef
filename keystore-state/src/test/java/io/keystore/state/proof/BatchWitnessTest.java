package io.keystore.state.proof;

import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.crypto.Keccak256;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import io.keystore.state.tree.MemoryTreeStore;
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

    assertThat(w.toBytes().size()).isEqualTo((8 + 2 * 4 + 4 * 112) * 32);
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

    assertThat(b.size()).isEqualTo(128 + 4 * 52);
    assertThat(b.slice(0, 32)).isEqualTo(DOMAIN.separator());
    assertThat(b.slice(32, 32)).isEqualTo(r.oldRoot());
    assertThat(b.slice(64, 32)).isEqualTo(r.newRoot());
    assertThat(b.slice(96, 8).toLong()).isEqualTo(1);
    assertThat(b.slice(104, 8).toLong()).isEqualTo(2);
    assertThat(b.slice(112, 8).toLong()).isEqualTo(T0);
    assertThat(b.slice(120, 8).toLong()).isEqualTo(1);
    assertThat(b.slice(128, 20)).isEqualTo(ACCOUNT.toBytes());
    assertThat(b.slice(148, 32)).isEqualTo(state.account(ACCOUNT).orElseThrow().hash().toBytes());
    assertThat(b.slice(180).isZero()).isTrue();
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
    Eip712Domain other = Eip712Domain.keystore(1, Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"));

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
        .hasMessageContaining("2 applied transactions do not fit in 1 slots");
    assertThatThrownBy(() -> BatchWitness.of(r, DOMAIN, 2).header().publicBytes(1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
