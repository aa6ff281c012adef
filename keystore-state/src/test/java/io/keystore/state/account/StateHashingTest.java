package io.keystore.state.account;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.guardians;
import static io.keystore.state.testing.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.hash.Poseidon2;
import io.keystore.state.hash.TreeHashing;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hashes of docs/spec/state.md, recomputed from their definitions with the bare compression.
 */
class StateHashingTest {

  static final PrivateKey OWNER = key("owner");
  static final PrivateKey G0 = key("guardian 0");
  static final PrivateKey G1 = key("guardian 1");
  static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  static Fr c(Fr a, Fr b) {
    return Poseidon2.compress(a, b);
  }

  static Fr f(long v) {
    return Fr.of(v);
  }

  static Fr f(BigInteger v) {
    return Fr.fromBigInteger(v);
  }

  @Test
  void tagsAreTheSpecifiedConstantsAndDistinctFromTheLeafTag() {
    List<Fr> tags =
        List.of(
            TreeHashing.DOMAIN_LEAF,
            StateHashing.DOMAIN_ADDRESS,
            StateHashing.DOMAIN_CONFIG,
            StateHashing.DOMAIN_KEY,
            StateHashing.DOMAIN_GUARDIANS,
            StateHashing.DOMAIN_PENDING_RECOVERY,
            StateHashing.DOMAIN_PENDING_UPDATE,
            StateHashing.DOMAIN_UPDATE_REQUEST);
    for (int i = 0; i < tags.size(); i++) {
      assertThat(tags.get(i)).isEqualTo(Fr.of(i + 1));
    }
  }

  @Test
  void taggedChainIsTheMerkleDamgardChainFromTheTag() {
    Fr a = field("a"), b = field("b"), d = field("d");
    assertThat(StateHashing.tagged(f(9), a, b, d)).isEqualTo(c(c(c(f(9), a), b), d));
    assertThat(StateHashing.tagged(f(9))).isEqualTo(f(9));
  }

  @Test
  void keyHashChainsSchemeAndThe128BitHalvesOfTheCoordinates() {
    PublicKey k = OWNER.publicKey();
    Fr expected = f(4);
    expected = c(expected, f(1));
    expected = c(expected, f(k.x().shiftRight(128)));
    expected = c(expected, f(k.x().mod(TWO_128)));
    expected = c(expected, f(k.y().shiftRight(128)));
    expected = c(expected, f(k.y().mod(TWO_128)));
    assertThat(StateHashing.keyHash(k)).isEqualTo(expected);
  }

  @Test
  void guardianSetHashFillsEmptySlotsWithZero() {
    GuardianSet g = guardians(1, DAY, G0, G1);
    Fr expected =
        StateHashing.tagged(
            f(5),
            f(1),
            f(DAY),
            StateHashing.keyHash(G0.publicKey()),
            StateHashing.keyHash(G1.publicKey()),
            Fr.ZERO,
            Fr.ZERO);
    assertThat(StateHashing.guardianSetHash(g)).isEqualTo(expected);
    assertThat(StateHashing.guardianSetHash(guardians(1, DAY, G1, G0)))
        .as("order matters")
        .isNotEqualTo(expected);
  }

  @Test
  void guardianSetHashRefusesMoreThanFourGuardians() {
    GuardianSet five = guardians(1, DAY, G0, G1, key("a"), key("b"), key("c"));
    assertThatThrownBy(() -> StateHashing.guardianSetHash(five))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void configHashChainsItsSevenElementsAndNoneHashesToZero() {
    Settings s = new Settings(OWNER.publicKey(), guardians(1, DAY, G0), field("rules"));
    AccountConfig initial = AccountConfig.initial(s);
    Fr expected =
        StateHashing.tagged(
            f(3),
            StateHashing.keyHash(OWNER.publicKey()),
            StateHashing.guardianSetHash(s.guardianSet()),
            field("rules"),
            Fr.ZERO,
            Fr.ZERO,
            Fr.ZERO,
            Fr.ZERO);
    assertThat(initial.hash()).isEqualTo(expected);
    assertThat(StateHashing.pendingRecoveryHash(Optional.empty())).isEqualTo(Fr.ZERO);
    assertThat(StateHashing.pendingUpdateHash(Optional.empty())).isEqualTo(Fr.ZERO);

    PendingRecovery pr = new PendingRecovery(G1.publicKey(), 0b1, 77);
    PendingUpdate pu = new PendingUpdate(guardians(0, DAY), field("r2"), 88);
    AccountConfig full =
        initial
            .withNonce(5)
            .withRecoveryEpoch(6)
            .withPendingRecovery(Optional.of(pr))
            .withPendingUpdate(Optional.of(pu));
    Fr prHash = StateHashing.tagged(f(6), StateHashing.keyHash(G1.publicKey()), f(1), f(77));
    Fr puHash =
        StateHashing.tagged(
            f(7), StateHashing.guardianSetHash(guardians(0, DAY)), field("r2"), f(88));
    assertThat(full.hash())
        .isEqualTo(
            StateHashing.tagged(
                f(3),
                StateHashing.keyHash(OWNER.publicKey()),
                StateHashing.guardianSetHash(s.guardianSet()),
                field("rules"),
                f(5),
                f(6),
                prHash,
                puHash));
  }

  @Test
  void pendingRecoveryHashPacksTheVetoesAboveTheApprovals() {
    PendingRecovery plain = new PendingRecovery(G1.publicKey(), 0b011, 0, 77);
    PendingRecovery vetoed = new PendingRecovery(G1.publicKey(), 0b011, 0b100, 77);
    Fr k = StateHashing.keyHash(G1.publicKey());
    assertThat(StateHashing.pendingRecoveryHash(Optional.of(plain)))
        .as("no vetoes: the hash of before issue 17")
        .isEqualTo(StateHashing.tagged(f(6), k, f(0b011), f(77)));
    assertThat(StateHashing.pendingRecoveryHash(Optional.of(vetoed)))
        .isEqualTo(StateHashing.tagged(f(6), k, f(0b011 + 16 * 0b100), f(77)));
    assertThat(vetoed.votes()).isEqualTo(0x43);
    assertThat(PendingRecovery.fromVotes(G1.publicKey(), 0x43, 77)).isEqualTo(vetoed);
  }

  @Test
  void vetoKeyIsTheGeneratorAndItsKeyHashIsTheSpecifiedConstant() {
    // G is the public key of private key 1; nobody can sign as it without knowing 1, but anyone
    // could: the veto key is only ever an approval's newOwner, never a signer.
    assertThat(PendingRecovery.VETO_KEY)
        .isEqualTo(io.keystore.state.crypto.PrivateKey.of(BigInteger.ONE).publicKey());
    assertThat(PendingRecovery.VETO_KEY_HASH)
        .isEqualTo(StateHashing.keyHash(PendingRecovery.VETO_KEY))
        .isEqualTo(
            Fr.fromBigInteger(
                new BigInteger(
                    "1f1b9100391020cb980175c89dec54a990a1497298a2d82c60d0447393101efd", 16)));
  }

  @Test
  void everyFieldOfTheConfigurationChangesItsHash() {
    Settings s = new Settings(OWNER.publicKey(), guardians(1, DAY, G0), field("rules"));
    AccountConfig base = AccountConfig.initial(s);
    List<AccountConfig> variants =
        List.of(
            base,
            base.withOwner(G1.publicKey()),
            base.withGuardiansAndRules(guardians(1, DAY + 1, G0), field("rules")),
            base.withGuardiansAndRules(guardians(1, DAY, G1), field("rules")),
            base.withGuardiansAndRules(s.guardianSet(), field("other rules")),
            base.withNonce(1),
            base.withRecoveryEpoch(1),
            base.withPendingRecovery(Optional.of(new PendingRecovery(G1.publicKey(), 0, 0))),
            base.withPendingRecovery(Optional.of(new PendingRecovery(G1.publicKey(), 1, 0))),
            base.withPendingRecovery(Optional.of(new PendingRecovery(G1.publicKey(), 1, 1, 1))),
            base.withPendingRecovery(Optional.of(new PendingRecovery(G1.publicKey(), 1, 0, 1))),
            base.withPendingUpdate(
                Optional.of(new PendingUpdate(s.guardianSet(), field("rules"), 1))));
    Set<Fr> hashes = new HashSet<>();
    variants.forEach(v -> hashes.add(v.hash()));
    assertThat(hashes).hasSize(variants.size());
  }

  @Test
  void u64ValuesAboveTwoToThe63AreHashedAsUnsigned() {
    Settings s = new Settings(OWNER.publicKey(), guardians(0, DAY), field("rules"));
    AccountConfig c = AccountConfig.initial(s).withNonce(U64.MAX);
    Fr expected =
        StateHashing.tagged(
            f(3),
            StateHashing.keyHash(OWNER.publicKey()),
            StateHashing.guardianSetHash(s.guardianSet()),
            field("rules"),
            f(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
            Fr.ZERO,
            Fr.ZERO,
            Fr.ZERO);
    assertThat(c.hash()).isEqualTo(expected);
  }

  @Test
  void addressIsTheLow160BitsOfTheTaggedHashOfSaltAndInitialConfig() {
    Settings s = new Settings(OWNER.publicKey(), guardians(1, DAY, G0), field("rules"));
    AccountCreation creation = new AccountCreation(field("salt"), s);
    Fr full = c(c(f(2), field("salt")), AccountConfig.initial(s).hash());
    BigInteger low = full.toBigInteger().mod(BigInteger.ONE.shiftLeft(160));
    assertThat(creation.address().toBigInteger()).isEqualTo(low);
    assertThat(new AccountCreation(field("salt 2"), s).address()).isNotEqualTo(creation.address());
    assertThat(StateHashing.treeKey(creation.address()).toBigInteger()).isEqualTo(low);
  }

  @Test
  void updateCommitmentChainsOwnerGuardiansAndRules() {
    Settings s = new Settings(OWNER.publicKey(), guardians(1, DAY, G0), field("rules"));
    assertThat(s.updateCommitment())
        .isEqualTo(
            c(
                c(
                    c(f(8), StateHashing.keyHash(OWNER.publicKey())),
                    StateHashing.guardianSetHash(s.guardianSet())),
                field("rules")));
  }
}
