package io.keystore.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.sdk.ProofVerificationException.Failure;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.api.AccountProof;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tree.MembershipProof;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tree.NonMembershipProof;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proofs made by the reference state (keystore-state), checked as a mini-account would. */
class ProofVerifierTest {

  static final Eip712Domain DOMAIN =
      Eip712Domain.keystore(31337, Address.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
  static final long T0 = 1_700_000_000L;

  final PrivateKey alice = PrivateKey.of(BigInteger.valueOf(1001));
  final PrivateKey bob = PrivateKey.of(BigInteger.valueOf(1002));
  final PrivateKey carol = PrivateKey.of(BigInteger.valueOf(1003));
  final KeystoreTransactions txs = new KeystoreTransactions(DOMAIN);

  KeystoreState state;
  AccountCreation aliceAccount;
  AccountCreation bobAccount;
  SpendingRules rules;

  @BeforeEach
  void createAlicesAccountWithSpendingRules() {
    state = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    rules = SpendingRules.of(new SpendingRule(SpendingRule.NATIVE, 86_400, BigInteger.TEN.pow(18)));
    aliceAccount =
        Accounts.create(Fr.of(7), Accounts.settings(alice.publicKey(), List.of(), 0, 3600, rules));
    bobAccount = Accounts.create(Fr.of(8), Accounts.ownerOnly(bob.publicKey(), 3600));
    apply(
        txs.rotateOwner(AccountState.counterfactual(aliceAccount), carol.publicKey()).sign(alice));
  }

  @Test
  void aMembershipProofGivesTheCurrentOwnerAndSpendingRulesHash() {
    VerifiedAccount v =
        ProofVerifier.verify(
            state.proof(aliceAddress()), state.root(), aliceAddress(), Optional.empty());

    assertThat(v.member()).isTrue();
    assertThat(v.owner()).isEqualTo(carol.publicKey());
    assertThat(v.spendingRulesHash()).isEqualTo(rules.hash());
    assertThat(v.hasSpendingRules(rules)).isTrue();
    assertThat(v.hasSpendingRules(SpendingRules.NONE)).isFalse();
  }

  @Test
  void aNonMembershipProofWithTheInitialConfigurationGivesTheInitialOwner() {
    AccountProof proof = state.proof(bobAccount.address());
    assertThat(proof).isInstanceOf(AccountProof.NonMember.class);

    VerifiedAccount v =
        ProofVerifier.verify(proof, state.root(), bobAccount.address(), Optional.of(bobAccount));

    assertThat(v.member()).isFalse();
    assertThat(v.owner()).isEqualTo(bob.publicKey());
    assertThat(v.spendingRulesHash()).isEqualTo(Fr.ZERO);
    assertThat(v.config().nonce()).isZero();
  }

  @Test
  void aForgedSiblingIsRefused() {
    AccountProof.Member m = (AccountProof.Member) state.proof(aliceAddress());
    List<Bytes32> siblings = new ArrayList<>(m.proof().siblings());
    siblings.set(5, Fr.of(12345).toBytes());
    AccountProof forged =
        new AccountProof.Member(
            m.account(),
            m.root(),
            m.config(),
            new MembershipProof(m.proof().index(), m.proof().leaf(), siblings));

    assertFailure(
        () -> ProofVerifier.verify(forged, state.root(), aliceAddress(), Optional.empty()),
        Failure.ROOT_MISMATCH);
  }

  @Test
  void aForgedSiblingInANonMembershipProofIsRefused() {
    AccountProof.NonMember n = (AccountProof.NonMember) state.proof(bobAccount.address());
    List<Bytes32> siblings = new ArrayList<>(n.proof().siblings());
    siblings.set(0, Fr.of(1).toBytes());
    AccountProof forged =
        new AccountProof.NonMember(
            n.account(),
            n.root(),
            new NonMembershipProof(n.proof().lowLeafIndex(), n.proof().lowLeaf(), siblings));

    assertFailure(
        () ->
            ProofVerifier.verify(
                forged, state.root(), bobAccount.address(), Optional.of(bobAccount)),
        Failure.ROOT_MISMATCH);
  }

  @Test
  void aProofOfOneAccountDoesNotProveAnother() {
    AccountProof aliceProof = state.proof(aliceAddress());
    assertFailure(
        () ->
            ProofVerifier.verify(
                aliceProof, state.root(), bobAccount.address(), Optional.of(bobAccount)),
        Failure.WRONG_ACCOUNT);

    AccountProof.Member m = (AccountProof.Member) aliceProof;
    AccountProof relabelled =
        new AccountProof.Member(bobAccount.address(), m.root(), m.config(), m.proof());
    assertFailure(
        () ->
            ProofVerifier.verify(relabelled, state.root(), bobAccount.address(), Optional.empty()),
        Failure.WRONG_ACCOUNT);
  }

  @Test
  void aNonMembershipProofOfAnAbsentAccountDoesNotProveAPresentOneAbsent() {
    AccountProof.NonMember n = (AccountProof.NonMember) state.proof(bobAccount.address());
    AccountProof relabelled = new AccountProof.NonMember(aliceAddress(), n.root(), n.proof());
    // Alice's key is in the tree: no low leaf brackets it, and the one for Bob's key does not.
    assertThatThrownBy(
            () ->
                ProofVerifier.verify(
                    relabelled, state.root(), aliceAddress(), Optional.of(aliceAccount)))
        .isInstanceOf(ProofVerificationException.class)
        .extracting(e -> ((ProofVerificationException) e).failure())
        .isIn(Failure.NOT_BRACKETED, Failure.ROOT_MISMATCH);
    NonMembershipProof sentinelBracket =
        new NonMembershipProof(
            0,
            new Leaf(Bytes32.ZERO, KeystoreState.treeKey(aliceAddress()), Bytes32.ZERO),
            n.proof().siblings());
    assertFailure(
        () ->
            ProofVerifier.verify(
                new AccountProof.NonMember(aliceAddress(), n.root(), sentinelBracket),
                state.root(),
                aliceAddress(),
                Optional.of(aliceAccount)),
        Failure.NOT_BRACKETED);
  }

  @Test
  void aProofAgainstAnotherRootIsRefused() {
    AccountProof old = state.proof(aliceAddress());
    Bytes32 oldRoot = state.root();
    apply(
        txs.rotateOwner(
                AccountState.existing(aliceAddress(), state.account(aliceAddress()).orElseThrow()),
                bob.publicKey())
            .sign(carol));

    assertThat(ProofVerifier.verify(old, oldRoot, aliceAddress(), Optional.empty()).owner())
        .isEqualTo(carol.publicKey());
    assertFailure(
        () -> ProofVerifier.verify(old, state.root(), aliceAddress(), Optional.empty()),
        Failure.ROOT_MISMATCH);
    assertThat(
            ProofVerifier.verify(
                    state.proof(aliceAddress()), state.root(), aliceAddress(), Optional.empty())
                .owner())
        .isEqualTo(bob.publicKey());
  }

  @Test
  void aWrongInitialConfigurationIsRefused() {
    AccountProof proof = state.proof(bobAccount.address());
    AccountCreation otherOwner =
        new AccountCreation(bobAccount.salt(), Accounts.ownerOnly(carol.publicKey(), 3600));
    AccountCreation otherSalt = new AccountCreation(Fr.of(9), bobAccount.settings());

    assertFailure(
        () ->
            ProofVerifier.verify(
                proof, state.root(), bobAccount.address(), Optional.of(otherOwner)),
        Failure.ADDRESS_MISMATCH);
    assertFailure(
        () ->
            ProofVerifier.verify(proof, state.root(), bobAccount.address(), Optional.of(otherSalt)),
        Failure.ADDRESS_MISMATCH);
    assertFailure(
        () -> ProofVerifier.verify(proof, state.root(), bobAccount.address(), Optional.empty()),
        Failure.MISSING_INITIAL_CONFIG);
  }

  @Test
  void aMembershipProofWithAnotherConfigurationIsRefused() {
    AccountProof.Member m = (AccountProof.Member) state.proof(aliceAddress());
    AccountProof lying =
        new AccountProof.Member(
            m.account(), m.root(), m.config().withOwner(bob.publicKey()), m.proof());

    assertFailure(
        () -> ProofVerifier.verify(lying, state.root(), aliceAddress(), Optional.empty()),
        Failure.CONFIG_MISMATCH);
  }

  private Address aliceAddress() {
    return aliceAccount.address();
  }

  private void apply(Transaction tx) {
    assertThat(state.apply(tx, T0)).isInstanceOf(TxOutcome.Applied.class);
  }

  private static void assertFailure(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Failure failure) {
    assertThatThrownBy(call)
        .isInstanceOf(ProofVerificationException.class)
        .extracting(e -> ((ProofVerificationException) e).failure())
        .isEqualTo(failure);
  }
}
