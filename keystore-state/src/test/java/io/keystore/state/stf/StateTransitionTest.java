package io.keystore.state.stf;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.guardians;
import static io.keystore.state.testing.Fixtures.key;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.PendingUpdate;
import io.keystore.state.account.Settings;
import io.keystore.state.account.U64;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxSigning;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StateTransitionTest {

  static final StateTransition STF = new StateTransition(DOMAIN);

  /** The account in the tree with its initial configuration. */
  static final AccountConfig START = AccountConfig.initial(INITIAL);

  // ---------------------------------------------------------------- helpers

  static TransitionResult apply(AccountConfig cur, Transaction tx, long time) {
    return STF.apply(Optional.ofNullable(cur), tx, time);
  }

  static AccountConfig applied(TransitionResult r) {
    if (r instanceof TransitionResult.Rejected rej) {
      throw new AssertionError("rejected: " + rej.reason() + ": " + rej.message());
    }
    return ((TransitionResult.Applied) r).newConfig();
  }

  static TransitionResult.Applied appliedResult(TransitionResult r) {
    applied(r);
    return (TransitionResult.Applied) r;
  }

  static void assertRejected(TransitionResult r, RejectionReason reason) {
    assertThat(r).isInstanceOf(TransitionResult.Rejected.class);
    TransitionResult.Rejected rej = (TransitionResult.Rejected) r;
    assertThat(rej.reason()).as(rej.message()).isEqualTo(reason);
    assertThat(rej.message()).isNotBlank();
  }

  static Transaction.UpdateConfig update(PrivateKey signer, AccountConfig cur, Settings s) {
    return SIGNING.updateConfig(signer, ACCOUNT, cur.nonce(), s, Optional.empty());
  }

  static Transaction.ApproveRecovery approve(
      PrivateKey guardian, int index, PrivateKey proposed, AccountConfig cur) {
    return SIGNING.approveRecovery(
        guardian, ACCOUNT, index, proposed.publicKey(), cur.recoveryEpoch(), Optional.empty());
  }

  /** Guardian {@code index}'s veto: an ApproveRecovery of the veto key. */
  static Transaction.ApproveRecovery veto(PrivateKey guardian, int index, AccountConfig cur) {
    return SIGNING.approveRecovery(
        guardian, ACCOUNT, index, PendingRecovery.VETO_KEY, cur.recoveryEpoch(), Optional.empty());
  }

  static Transaction.CancelRecovery cancel(PrivateKey signer, AccountConfig cur) {
    return SIGNING.cancelRecovery(signer, ACCOUNT, cur.nonce());
  }

  static Transaction.FinaliseRecovery finalise() {
    return new Transaction.FinaliseRecovery(ACCOUNT);
  }

  /** START with a recovery to NEW_OWNER approved by guardians 0 and 1 at T0 (threshold reached). */
  static AccountConfig recoveryAtThreshold() {
    AccountConfig c = applied(apply(START, approve(G0, 0, NEW_OWNER, START), T0));
    return applied(apply(c, approve(G1, 1, NEW_OWNER, c), T0));
  }

  /** {@link #recoveryAtThreshold()} vetoed by guardian 2 at T0. */
  static AccountConfig vetoedAtThreshold() {
    AccountConfig c = recoveryAtThreshold();
    return applied(apply(c, veto(G2, 2, c), T0));
  }

  // ---------------------------------------------------------------- §6.1 account resolution

  @Nested
  class AccountResolution {

    @Test
    void firstUpdateOfAbsentAccountWithMatchingCreationCreatesIt() {
      Settings next = new Settings(NEW_OWNER.publicKey(), GUARDIANS, RULES);
      var tx = SIGNING.updateConfig(OWNER, ACCOUNT, 0, next, Optional.of(CREATION));
      TransitionResult.Applied r = appliedResult(apply(null, tx, T0));
      assertThat(r.created()).isTrue();
      assertThat(r.effects()).contains(Effect.ACCOUNT_CREATED, Effect.OWNER_ROTATED);
      assertThat(r.newConfig().owner()).isEqualTo(NEW_OWNER.publicKey());
      assertThat(r.newConfig().nonce()).isEqualTo(1);
    }

    @Test
    void transactionForAbsentAccountWithoutCreationIsRejectedAccountNotFound() {
      assertRejected(
          apply(null, update(OWNER, START, INITIAL), T0), RejectionReason.ACCOUNT_NOT_FOUND);
      assertRejected(
          apply(null, approve(G0, 0, NEW_OWNER, START), T0), RejectionReason.ACCOUNT_NOT_FOUND);
      assertRejected(apply(null, cancel(OWNER, START), T0), RejectionReason.ACCOUNT_NOT_FOUND);
      assertRejected(apply(null, finalise(), T0), RejectionReason.ACCOUNT_NOT_FOUND);
    }

    @Test
    void creationThatDoesNotHashToTheAddressIsRejectedAddressMismatch() {
      AccountCreation otherSalt = new AccountCreation(field("another salt"), INITIAL);
      var tx = SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(otherSalt));
      assertRejected(apply(null, tx, T0), RejectionReason.ADDRESS_MISMATCH);

      Settings otherSettings = new Settings(STRANGER.publicKey(), GUARDIANS, RULES);
      var tx2 =
          SIGNING.updateConfig(
              STRANGER,
              ACCOUNT,
              0,
              otherSettings,
              Optional.of(new AccountCreation(field("salt"), otherSettings)));
      assertRejected(apply(null, tx2, T0), RejectionReason.ADDRESS_MISMATCH);
    }

    @Test
    void creationDataForAnAccountInTheTreeIsRejectedAccountExists() {
      var tx = SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION));
      assertRejected(apply(START, tx, T0), RejectionReason.ACCOUNT_EXISTS);
    }

    @Test
    void creationWithInvalidInitialSettingsIsRejectedInvalidConfig() {
      Settings bad = new Settings(OWNER.publicKey(), guardians(3, DAY, G0, G1), RULES);
      AccountCreation c = new AccountCreation(field("salt"), bad);
      var tx = SIGNING.updateConfig(OWNER, c.address(), 0, INITIAL, Optional.of(c));
      assertRejected(apply(null, tx, T0), RejectionReason.INVALID_CONFIG);
    }

    @Test
    void guardiansCanRecoverAnAccountThatWasNeverUpdated() {
      var first =
          SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.of(CREATION));
      TransitionResult.Applied r = appliedResult(apply(null, first, T0));
      assertThat(r.created()).isTrue();
      AccountConfig c = applied(apply(r.newConfig(), approve(G2, 2, NEW_OWNER, r.newConfig()), T0));
      AccountConfig done = applied(apply(c, finalise(), T0 + DAY));
      assertThat(done.owner()).isEqualTo(NEW_OWNER.publicKey());
    }

    @Test
    void accountViewIsConsultedForTheTransactionsAccount() {
      AccountView view = a -> a.equals(ACCOUNT) ? Optional.of(START) : Optional.empty();
      assertThat(STF.apply(view, update(OWNER, START, INITIAL), T0).isApplied()).isTrue();
      var elsewhere = SIGNING.cancelRecovery(OWNER, Address.fromBigInteger(BigInteger.TEN), 0);
      assertRejected(STF.apply(view, elsewhere, T0), RejectionReason.ACCOUNT_NOT_FOUND);
    }
  }

  // ---------------------------------------------------------------- time

  @Test
  void batchTimeTooCloseToU64MaxIsRejectedInvalidTime() {
    assertRejected(
        apply(START, update(OWNER, START, INITIAL), U64.MAX), RejectionReason.INVALID_TIME);
    long lastValid = U64.MAX - GuardianSet.MAX_RECOVERY_DELAY;
    assertThat(apply(START, update(OWNER, START, INITIAL), lastValid).isApplied()).isTrue();
    assertRejected(
        apply(START, update(OWNER, START, INITIAL), lastValid + 1), RejectionReason.INVALID_TIME);
  }

  // ---------------------------------------------------------------- nonces

  @Nested
  class Nonces {

    @Test
    void updateWithTheAccountsNonceIsAppliedAndIncrementsIt() {
      AccountConfig c = applied(apply(START, update(OWNER, START, INITIAL), T0));
      assertThat(c.nonce()).isEqualTo(1);
      AccountConfig c2 = applied(apply(c, update(OWNER, c, INITIAL), T0));
      assertThat(c2.nonce()).isEqualTo(2);
    }

    @Test
    void updateWithAStaleOrFutureNonceIsRejectedBadNonce() {
      AccountConfig c = applied(apply(START, update(OWNER, START, INITIAL), T0));
      var stale = SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.empty());
      var future = SIGNING.updateConfig(OWNER, ACCOUNT, 2, INITIAL, Optional.empty());
      assertRejected(apply(c, stale, T0), RejectionReason.BAD_NONCE);
      assertRejected(apply(c, future, T0), RejectionReason.BAD_NONCE);
    }

    @Test
    void replayingAnAppliedUpdateIsRejectedBadNonce() {
      var tx = update(OWNER, START, INITIAL);
      AccountConfig c = applied(apply(START, tx, T0));
      assertRejected(apply(c, tx, T0), RejectionReason.BAD_NONCE);
    }

    @Test
    void cancelWithAStaleNonceIsRejectedBadNonce() {
      AccountConfig c = vetoedAtThreshold().withNonce(5);
      assertRejected(
          apply(c, SIGNING.cancelRecovery(OWNER, ACCOUNT, 4), T0), RejectionReason.BAD_NONCE);
      assertThat(apply(c, SIGNING.cancelRecovery(OWNER, ACCOUNT, 5), T0).isApplied()).isTrue();
    }

    @Test
    void nonceAtU64MaxIsRejectedCounterOverflow() {
      AccountConfig c = START.withNonce(U64.MAX);
      assertRejected(apply(c, update(OWNER, c, INITIAL), T0), RejectionReason.COUNTER_OVERFLOW);
      AccountConfig below = START.withNonce(U64.MAX - 1);
      assertThat(applied(apply(below, update(OWNER, below, INITIAL), T0)).nonce())
          .isEqualTo(U64.MAX);
    }

    @Test
    void recoveryEpochAtU64MaxIsRejectedCounterOverflow() {
      AccountConfig c = vetoedAtThreshold().withRecoveryEpoch(U64.MAX);
      assertRejected(apply(c, finalise(), T0 + DAY), RejectionReason.COUNTER_OVERFLOW);
      assertRejected(apply(c, cancel(OWNER, c), T0), RejectionReason.COUNTER_OVERFLOW);
    }

    @Test
    void approvalsAndFinalisationDoNotTouchTheNonce() {
      AccountConfig c = recoveryAtThreshold();
      assertThat(c.nonce()).isZero();
      assertThat(applied(apply(c, finalise(), T0 + DAY)).nonce()).isZero();
    }
  }

  // ---------------------------------------------------------------- signatures

  @Nested
  class Signatures {

    @Test
    void updateSignedByTheOwnerIsApplied() {
      assertThat(apply(START, update(OWNER, START, INITIAL), T0).isApplied()).isTrue();
    }

    @Test
    void updateSignedByAnotherKeyIsRejectedWrongSigner() {
      TransitionResult r = apply(START, update(THIEF, START, INITIAL), T0);
      assertRejected(r, RejectionReason.WRONG_SIGNER);
      assertThat(((TransitionResult.Rejected) r).message())
          .contains(THIEF.publicKey().ethereumAddress().toString());
    }

    @Test
    void updateWhoseSettingsDifferFromTheSignedOnesIsRejectedWrongSigner() {
      var signed = update(OWNER, START, INITIAL);
      Settings swapped = new Settings(THIEF.publicKey(), GUARDIANS, RULES);
      var tampered =
          new Transaction.UpdateConfig(
              ACCOUNT, signed.nonce(), swapped, Optional.empty(), signed.signature());
      assertRejected(apply(START, tampered, T0), RejectionReason.WRONG_SIGNER);
    }

    @Test
    void signatureForAnotherChainOrContractIsRejectedWrongSigner() {
      TxSigning otherChain = new TxSigning(Eip712Domain.keystore(1, DOMAIN.verifyingContract()));
      var tx = otherChain.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.empty());
      assertRejected(apply(START, tx, T0), RejectionReason.WRONG_SIGNER);
      TxSigning otherContract =
          new TxSigning(Eip712Domain.keystore(31337, Address.fromBigInteger(BigInteger.ONE)));
      var tx2 = otherContract.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.empty());
      assertRejected(apply(START, tx2, T0), RejectionReason.WRONG_SIGNER);
    }

    @Test
    void signatureValidForNoKeyIsRejectedBadSignature() {
      // r = 5 is not the x coordinate of a point on secp256k1 (5^3 + 7 = 132 is not a square).
      BigInteger r = BigInteger.valueOf(5);
      Signature bad = new Signature(r, BigInteger.ONE, 27);
      assertThat(Secp256k1.recover(Fixtures0.ANY_DIGEST, bad)).isEmpty();
      var tx = new Transaction.CancelRecovery(ACCOUNT, 0, bad);
      assertRejected(apply(recoveryAtThreshold(), tx, T0), RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void cancelSignedByAGuardianIsRejectedWrongSigner() {
      AccountConfig c = recoveryAtThreshold();
      assertRejected(apply(c, cancel(G0, c), T0), RejectionReason.WRONG_SIGNER);
    }

    @Test
    void approvalSignedByAnotherGuardianThanItsIndexIsRejectedWrongSigner() {
      assertRejected(
          apply(START, approve(G1, 0, NEW_OWNER, START), T0), RejectionReason.WRONG_SIGNER);
      assertRejected(
          apply(START, approve(STRANGER, 2, NEW_OWNER, START), T0), RejectionReason.WRONG_SIGNER);
    }

    @Test
    void approvalForAnotherProposedOwnerThanSignedIsRejectedWrongSigner() {
      var signed = approve(G0, 0, NEW_OWNER, START);
      var tampered =
          new Transaction.ApproveRecovery(
              ACCOUNT, 0, THIEF.publicKey(), 0, Optional.empty(), signed.signature());
      assertRejected(apply(START, tampered, T0), RejectionReason.WRONG_SIGNER);
    }
  }

  /** Constants that need no account. */
  static final class Fixtures0 {
    static final org.apache.tuweni.bytes.Bytes32 ANY_DIGEST =
        org.apache.tuweni.bytes.Bytes32.fromHexString("0x" + "ab".repeat(32));
  }

  // ---------------------------------------------------------------- §6.6 valid settings

  static Stream<Arguments> invalidGuardianSets() {
    return Stream.of(
        Arguments.of("threshold above the number of guardians", guardians(3, DAY, G0, G1)),
        Arguments.of("threshold 0 with guardians", guardians(0, DAY, G0)),
        Arguments.of("threshold without guardians", guardians(1, DAY)),
        Arguments.of("delay below one hour", guardians(1, 3599, G0)),
        Arguments.of("delay above 30 days", guardians(1, 30 * DAY + 1, G0)),
        Arguments.of("delay above 2^63 (u64)", guardians(1, -5, G0)),
        Arguments.of("five guardians", guardians(1, DAY, G0, G1, G2, STRANGER, key("guardian 4"))),
        Arguments.of("a guardian twice", guardians(2, DAY, G0, G1, G0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidGuardianSets")
  void updateToInvalidSettingsIsRejectedInvalidConfig(String why, GuardianSet bad) {
    Settings s = new Settings(OWNER.publicKey(), bad, RULES);
    var tx =
        new Transaction.UpdateConfig(
            ACCOUNT, 0, s, Optional.empty(), update(OWNER, START, INITIAL).signature());
    assertRejected(apply(START, tx, T0), RejectionReason.INVALID_CONFIG);
  }

  static Stream<Arguments> boundaryGuardianSets() {
    return Stream.of(
        Arguments.of("no guardians", GuardianSet.none(3600)),
        Arguments.of("delay of exactly one hour", guardians(1, 3600, G0)),
        Arguments.of("delay of exactly 30 days", guardians(1, 30 * DAY, G0)),
        Arguments.of("threshold equal to the guardians", guardians(3, DAY, G0, G1, G2)),
        Arguments.of("four guardians", guardians(1, DAY, G0, G1, G2, STRANGER)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("boundaryGuardianSets")
  void updateToSettingsAtTheLimitsIsApplied(String why, GuardianSet ok) {
    Settings s = new Settings(OWNER.publicKey(), ok, RULES);
    assertThat(apply(START, update(OWNER, START, s), T0).isApplied()).isTrue();
  }

  // ---------------------------------------------------------------- §6.2 UpdateConfig

  @Nested
  class UpdateConfig {

    @Test
    void ownerRotationAppliesAtOnce() {
      Settings s = new Settings(NEW_OWNER.publicKey(), GUARDIANS, RULES);
      TransitionResult.Applied r = appliedResult(apply(START, update(OWNER, START, s), T0));
      assertThat(r.newConfig().owner()).isEqualTo(NEW_OWNER.publicKey());
      assertThat(r.newConfig().pendingUpdate()).isEmpty();
      assertThat(r.effects()).containsExactly(Effect.OWNER_ROTATED);
      // The new owner signs the next transaction; the old one no longer can.
      AccountConfig c = r.newConfig();
      assertThat(apply(c, update(NEW_OWNER, c, s), T0).isApplied()).isTrue();
      assertRejected(apply(c, update(OWNER, c, s), T0), RejectionReason.WRONG_SIGNER);
    }

    @Test
    void guardianChangeOfAnAccountWithGuardiansWaitsTheRecoveryDelay() {
      GuardianSet fewer = guardians(1, DAY, G0);
      Settings s = new Settings(OWNER.publicKey(), fewer, RULES);
      TransitionResult.Applied r = appliedResult(apply(START, update(OWNER, START, s), T0));
      AccountConfig c = r.newConfig();
      assertThat(r.effects()).containsExactly(Effect.UPDATE_PENDING);
      assertThat(c.guardianSet()).isEqualTo(GUARDIANS);
      assertThat(c.pendingUpdate()).contains(new PendingUpdate(fewer, RULES, T0 + DAY));
    }

    @Test
    void spendingRulesChangeWaitsTheRecoveryDelay() {
      Settings s = new Settings(OWNER.publicKey(), GUARDIANS, HIGH_RULES);
      AccountConfig c = applied(apply(START, update(OWNER, START, s), T0));
      assertThat(c.spendingRulesHash()).isEqualTo(RULES);
      assertThat(c.pendingUpdate()).contains(new PendingUpdate(GUARDIANS, HIGH_RULES, T0 + DAY));
    }

    @Test
    void loweringTheDelayWaitsTheCurrentDelayNotTheProposedOne() {
      GuardianSet quick = guardians(2, 3600, G0, G1, G2);
      Settings s = new Settings(OWNER.publicKey(), quick, RULES);
      AccountConfig c = applied(apply(START, update(OWNER, START, s), T0));
      assertThat(c.pendingUpdate().orElseThrow().executableAfter()).isEqualTo(T0 + DAY);
    }

    @Test
    void accountWithoutGuardiansAppliesEveryChangeAtOnce() {
      Settings alone = new Settings(OWNER.publicKey(), GuardianSet.none(DAY), RULES);
      AccountConfig c0 = AccountConfig.initial(alone);
      Settings s = new Settings(NEW_OWNER.publicKey(), GUARDIANS, HIGH_RULES);
      TransitionResult.Applied r = appliedResult(apply(c0, update(OWNER, c0, s), T0));
      assertThat(r.newConfig().settings()).isEqualTo(s);
      assertThat(r.newConfig().pendingUpdate()).isEmpty();
      assertThat(r.effects()).contains(Effect.SETTINGS_APPLIED_AT_ONCE, Effect.OWNER_ROTATED);
    }

    @Test
    void aNewRequestReplacesTheEarlierPendingUpdate() {
      Settings first = new Settings(OWNER.publicKey(), GUARDIANS, HIGH_RULES);
      AccountConfig c = applied(apply(START, update(OWNER, START, first), T0));
      Settings second = new Settings(OWNER.publicKey(), guardians(1, DAY, G0), RULES);
      AccountConfig c2 = applied(apply(c, update(OWNER, c, second), T0 + 100));
      assertThat(c2.pendingUpdate())
          .contains(new PendingUpdate(guardians(1, DAY, G0), RULES, T0 + 100 + DAY));
    }

    @Test
    void requestingTheCurrentSettingsWithdrawsThePendingUpdate() {
      Settings first = new Settings(OWNER.publicKey(), GUARDIANS, HIGH_RULES);
      AccountConfig c = applied(apply(START, update(OWNER, START, first), T0));
      TransitionResult.Applied r = appliedResult(apply(c, update(OWNER, c, INITIAL), T0 + 1));
      assertThat(r.newConfig().pendingUpdate()).isEmpty();
      assertThat(r.effects()).containsExactly(Effect.UPDATE_WITHDRAWN);
    }

    @Test
    void ownerRotationDoesNotTouchAPendingRecovery() {
      AccountConfig c = recoveryAtThreshold();
      Settings s = new Settings(THIEF.publicKey(), GUARDIANS, RULES);
      AccountConfig c2 = applied(apply(c, update(OWNER, c, s), T0));
      assertThat(c2.pendingRecovery()).isEqualTo(c.pendingRecovery());
      assertThat(c2.recoveryEpoch()).isEqualTo(c.recoveryEpoch());
    }
  }

  // ---------------------------------------------------------------- §6.3 ApproveRecovery

  @Nested
  class ApproveRecovery {

    @Test
    void approvalsAccumulateAndReachingTheThresholdStartsTheDelay() {
      TransitionResult.Applied r1 =
          appliedResult(apply(START, approve(G0, 0, NEW_OWNER, START), T0));
      assertThat(r1.newConfig().pendingRecovery())
          .contains(new PendingRecovery(NEW_OWNER.publicKey(), 0b001, 0));
      assertThat(r1.effects())
          .containsExactlyInAnyOrder(Effect.RECOVERY_PROPOSED, Effect.RECOVERY_APPROVED);

      AccountConfig c1 = r1.newConfig();
      TransitionResult.Applied r2 =
          appliedResult(apply(c1, approve(G2, 2, NEW_OWNER, c1), T0 + 50));
      assertThat(r2.newConfig().pendingRecovery())
          .contains(new PendingRecovery(NEW_OWNER.publicKey(), 0b101, T0 + 50 + DAY));
      assertThat(r2.effects()).contains(Effect.RECOVERY_THRESHOLD_REACHED);
    }

    @Test
    void approvalAfterTheThresholdIsRecordedAndKeepsTheDeadline() {
      AccountConfig c = recoveryAtThreshold();
      AccountConfig c2 = applied(apply(c, approve(G2, 2, NEW_OWNER, c), T0 + 500));
      assertThat(c2.pendingRecovery())
          .contains(new PendingRecovery(NEW_OWNER.publicKey(), 0b111, T0 + DAY));
    }

    @Test
    void approvalFromAnEmptyGuardianSlotIsRejectedNotAGuardian() {
      assertRejected(
          apply(START, approve(STRANGER, 3, NEW_OWNER, START), T0), RejectionReason.NOT_A_GUARDIAN);
      AccountConfig alone =
          AccountConfig.initial(new Settings(OWNER.publicKey(), GuardianSet.none(DAY), RULES));
      assertRejected(
          apply(alone, approve(G0, 0, NEW_OWNER, alone), T0), RejectionReason.NOT_A_GUARDIAN);
    }

    @Test
    void secondApprovalByTheSameGuardianIsRejectedDuplicateApproval() {
      AccountConfig c = applied(apply(START, approve(G0, 0, NEW_OWNER, START), T0));
      assertRejected(
          apply(c, approve(G0, 0, NEW_OWNER, c), T0), RejectionReason.DUPLICATE_APPROVAL);
    }

    @Test
    void aDifferentProposalReplacesOneUnderTheThreshold() {
      AccountConfig c = applied(apply(START, approve(G0, 0, NEW_OWNER, START), T0));
      TransitionResult.Applied r = appliedResult(apply(c, approve(G1, 1, STRANGER, c), T0));
      assertThat(r.newConfig().pendingRecovery())
          .contains(new PendingRecovery(STRANGER.publicKey(), 0b010, 0));
      assertThat(r.effects()).contains(Effect.RECOVERY_PROPOSED);
    }

    @Test
    void aDifferentProposalWhileOneReachedTheThresholdIsRejectedRecoveryInProgress() {
      AccountConfig c = recoveryAtThreshold();
      assertRejected(
          apply(c, approve(G2, 2, STRANGER, c), T0), RejectionReason.RECOVERY_IN_PROGRESS);
    }

    @Test
    void approvalSignedForAnotherEpochIsRejectedBadRecoveryEpoch() {
      var future =
          SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 1, Optional.empty());
      assertRejected(apply(START, future, T0), RejectionReason.BAD_RECOVERY_EPOCH);
    }

    @Test
    void approvalsOfACancelledRoundCannotBeReplayed() {
      var a0 = approve(G0, 0, NEW_OWNER, START);
      var v2 = veto(G2, 2, START);
      AccountConfig c = applied(apply(START, a0, T0));
      c = applied(apply(c, approve(G1, 1, NEW_OWNER, c), T0));
      c = applied(apply(c, v2, T0));
      AccountConfig cancelled = applied(apply(c, cancel(OWNER, c), T0));
      assertThat(cancelled.recoveryEpoch()).isEqualTo(1);
      assertRejected(apply(cancelled, a0, T0), RejectionReason.BAD_RECOVERY_EPOCH);
      assertRejected(apply(cancelled, v2, T0), RejectionReason.BAD_RECOVERY_EPOCH);
    }

    @Test
    void vetoOfARecoveryAtItsThresholdSetsTheGuardiansBitAndChangesNothingElse() {
      AccountConfig c = recoveryAtThreshold().withPendingUpdate(Optional.empty());
      TransitionResult.Applied r = appliedResult(apply(c, veto(G2, 2, c), T0 + 77));
      assertThat(r.effects()).containsExactly(Effect.RECOVERY_VETOED);
      assertThat(r.newConfig().pendingRecovery())
          .contains(new PendingRecovery(NEW_OWNER.publicKey(), 0b011, 0b100, T0 + DAY));
      assertThat(r.newConfig().withPendingRecovery(c.pendingRecovery())).isEqualTo(c);
    }

    @Test
    void aGuardianWhoApprovedMayVetoAndVetoesAccumulate() {
      AccountConfig c = recoveryAtThreshold();
      c = applied(apply(c, veto(G0, 0, c), T0));
      c = applied(apply(c, veto(G2, 2, c), T0));
      PendingRecovery pr = c.pendingRecovery().orElseThrow();
      assertThat(pr.approvals()).isEqualTo(0b011);
      assertThat(pr.vetoes()).isEqualTo(0b101);
    }

    @Test
    void approvalAfterAVetoIsRecordedAndKeepsTheVetoes() {
      AccountConfig c = vetoedAtThreshold();
      AccountConfig c2 = applied(apply(c, approve(G2, 2, NEW_OWNER, c), T0 + 5));
      assertThat(c2.pendingRecovery())
          .contains(new PendingRecovery(NEW_OWNER.publicKey(), 0b111, 0b100, T0 + DAY));
    }

    @Test
    void vetoWithNoRecoveryPendingIsRejectedNothingPending() {
      assertRejected(apply(START, veto(G0, 0, START), T0), RejectionReason.NOTHING_PENDING);
    }

    @Test
    void vetoOfARecoveryUnderItsThresholdIsRejectedNothingPending() {
      AccountConfig c = applied(apply(START, approve(G0, 0, NEW_OWNER, START), T0));
      assertRejected(apply(c, veto(G1, 1, c), T0), RejectionReason.NOTHING_PENDING);
      assertRejected(apply(c, veto(G0, 0, c), T0), RejectionReason.NOTHING_PENDING);
    }

    @Test
    void theVetoKeyCanNeverBeProposed() {
      // the first approval of a round would propose it: refused, so no recovery ever targets it
      AccountConfig under = applied(apply(START, approve(G0, 0, NEW_OWNER, START), T0));
      for (AccountConfig c : List.of(START, under)) {
        TransitionResult r = apply(c, veto(G1, 1, c), T0);
        assertRejected(r, RejectionReason.NOTHING_PENDING);
      }
    }

    @Test
    void secondVetoByTheSameGuardianIsRejectedDuplicateApproval() {
      AccountConfig c = vetoedAtThreshold();
      assertRejected(apply(c, veto(G2, 2, c), T0 + 1), RejectionReason.DUPLICATE_APPROVAL);
    }

    @Test
    void vetoFromAnEmptyGuardianSlotIsRejectedNotAGuardian() {
      AccountConfig c = recoveryAtThreshold();
      assertRejected(apply(c, veto(STRANGER, 3, c), T0), RejectionReason.NOT_A_GUARDIAN);
    }

    @Test
    void vetoSignedForAnotherEpochIsRejectedBadRecoveryEpoch() {
      AccountConfig c = recoveryAtThreshold();
      var stale = veto(G2, 2, c.withRecoveryEpoch(7));
      assertRejected(apply(c, stale, T0), RejectionReason.BAD_RECOVERY_EPOCH);
    }

    @Test
    void vetoSignedByAnotherKeyIsRejectedWrongSigner() {
      AccountConfig c = recoveryAtThreshold();
      assertRejected(apply(c, veto(OWNER, 2, c), T0), RejectionReason.WRONG_SIGNER);
      assertRejected(apply(c, veto(THIEF, 2, c), T0), RejectionReason.WRONG_SIGNER);
    }

    @Test
    void reachingTheThresholdDropsThePendingUpdate() {
      Settings weaker = new Settings(OWNER.publicKey(), GUARDIANS, HIGH_RULES);
      AccountConfig c = applied(apply(START, update(OWNER, START, weaker), T0));
      assertThat(c.pendingUpdate()).isPresent();
      AccountConfig c1 = applied(apply(c, approve(G0, 0, NEW_OWNER, c), T0));
      assertThat(c1.pendingUpdate()).as("under the threshold: kept").isPresent();
      TransitionResult.Applied r = appliedResult(apply(c1, approve(G1, 1, NEW_OWNER, c1), T0));
      assertThat(r.newConfig().pendingUpdate()).isEmpty();
      assertThat(r.effects()).contains(Effect.PENDING_UPDATE_DROPPED);
    }
  }

  // ---------------------------------------------------------------- §6.4 CancelRecovery

  @Nested
  class CancelRecovery {

    @Test
    void ownerCancelsAVetoedRecoveryAndStartsANewEpoch() {
      AccountConfig c = vetoedAtThreshold();
      TransitionResult.Applied r = appliedResult(apply(c, cancel(OWNER, c), T0 + 10));
      assertThat(r.newConfig().pendingRecovery()).isEmpty();
      assertThat(r.newConfig().recoveryEpoch()).isEqualTo(1);
      assertThat(r.newConfig().nonce()).isEqualTo(1);
      assertThat(r.effects()).containsExactly(Effect.RECOVERY_CANCELLED);
    }

    @Test
    void cancelWithNothingPendingIsRejectedNothingPending() {
      assertRejected(apply(START, cancel(OWNER, START), T0), RejectionReason.NOTHING_PENDING);
    }

    @Test
    void cancelOfARecoveryAtItsThresholdWithoutAVetoIsRejectedGuardianVetoRequired() {
      AccountConfig c = recoveryAtThreshold();
      assertRejected(apply(c, cancel(OWNER, c), T0 + 10), RejectionReason.GUARDIAN_VETO_REQUIRED);
    }

    @Test
    void cancelOfARecoveryUnderItsThresholdIsRejectedGuardianVetoRequired() {
      AccountConfig c = applied(apply(START, approve(G0, 0, NEW_OWNER, START), T0));
      assertRejected(apply(c, cancel(OWNER, c), T0 + 10), RejectionReason.GUARDIAN_VETO_REQUIRED);
    }

    @Test
    void cancelChecksTheNonceAndTheSignatureBeforeTheVeto() {
      AccountConfig c = recoveryAtThreshold();
      assertRejected(
          apply(c, SIGNING.cancelRecovery(OWNER, ACCOUNT, 3), T0), RejectionReason.BAD_NONCE);
      assertRejected(apply(c, cancel(THIEF, c), T0), RejectionReason.WRONG_SIGNER);
      AccountConfig exhausted = c.withNonce(U64.MAX);
      assertRejected(
          apply(exhausted, cancel(OWNER, exhausted), T0), RejectionReason.COUNTER_OVERFLOW);
    }

    @Test
    void cancelOfAVetoedRecoverySignedByAnotherKeyIsRejectedWrongSigner() {
      AccountConfig c = vetoedAtThreshold();
      assertRejected(apply(c, cancel(G2, c), T0), RejectionReason.WRONG_SIGNER);
    }
  }

  // ---------------------------------------------------------------- §6.5 FinaliseRecovery

  @Nested
  class FinaliseRecovery {

    @Test
    void recoveryFinalisesOnceTheDelayHasPassed() {
      AccountConfig c = recoveryAtThreshold();
      TransitionResult.Applied r = appliedResult(apply(c, finalise(), T0 + DAY));
      AccountConfig done = r.newConfig();
      assertThat(done.owner()).isEqualTo(NEW_OWNER.publicKey());
      assertThat(done.pendingRecovery()).isEmpty();
      assertThat(done.pendingUpdate()).isEmpty();
      assertThat(done.recoveryEpoch()).isEqualTo(1);
      assertThat(r.effects()).containsExactly(Effect.RECOVERY_FINALISED);
      // The recovered owner signs; the lost key no longer does.
      assertThat(apply(done, update(NEW_OWNER, done, done.settings()), T0 + DAY).isApplied())
          .isTrue();
      assertRejected(
          apply(done, update(OWNER, done, done.settings()), T0 + DAY),
          RejectionReason.WRONG_SIGNER);
    }

    @Test
    void aVetoAloneDoesNotStopFinalisation() {
      AccountConfig c = vetoedAtThreshold();
      c = applied(apply(c, veto(G0, 0, c), T0));
      assertRejected(apply(c, finalise(), T0 + DAY - 1), RejectionReason.DELAY_NOT_PASSED);
      AccountConfig done = applied(apply(c, finalise(), T0 + DAY));
      assertThat(done.owner()).isEqualTo(NEW_OWNER.publicKey());
      assertThat(done.pendingRecovery()).isEmpty();
    }

    @Test
    void finalisingBeforeTheDelayIsRejectedDelayNotPassed() {
      AccountConfig c = recoveryAtThreshold();
      assertRejected(apply(c, finalise(), T0 + DAY - 1), RejectionReason.DELAY_NOT_PASSED);
    }

    @Test
    void finalisingARecoveryUnderTheThresholdIsRejectedThresholdNotReached() {
      AccountConfig c = applied(apply(START, approve(G0, 0, NEW_OWNER, START), T0));
      assertRejected(apply(c, finalise(), T0 + 365 * DAY), RejectionReason.THRESHOLD_NOT_REACHED);
    }

    @Test
    void finalisingWithNothingPendingIsRejectedNothingPending() {
      assertRejected(apply(START, finalise(), T0), RejectionReason.NOTHING_PENDING);
    }

    @Test
    void pendingUpdateAppliesOnceItsDelayHasPassed() {
      GuardianSet fewer = guardians(1, 2 * DAY, G0);
      Settings s = new Settings(OWNER.publicKey(), fewer, HIGH_RULES);
      AccountConfig c = applied(apply(START, update(OWNER, START, s), T0));
      c = applied(apply(c, approve(G1, 1, NEW_OWNER, c), T0)); // a recovery under the threshold
      TransitionResult.Applied r = appliedResult(apply(c, finalise(), T0 + DAY));
      AccountConfig done = r.newConfig();
      assertThat(done.guardianSet()).isEqualTo(fewer);
      assertThat(done.spendingRulesHash()).isEqualTo(HIGH_RULES);
      assertThat(done.pendingUpdate()).isEmpty();
      assertThat(done.pendingRecovery()).as("approvals by old guardian indices").isEmpty();
      assertThat(done.recoveryEpoch()).isEqualTo(1);
      assertThat(r.effects())
          .containsExactlyInAnyOrder(
              Effect.PENDING_UPDATE_APPLIED, Effect.PENDING_RECOVERY_DISCARDED);
    }

    @Test
    void pendingUpdateBeforeItsDelayIsRejectedDelayNotPassed() {
      Settings s = new Settings(OWNER.publicKey(), GUARDIANS, HIGH_RULES);
      AccountConfig c = applied(apply(START, update(OWNER, START, s), T0));
      assertRejected(apply(c, finalise(), T0 + DAY - 1), RejectionReason.DELAY_NOT_PASSED);
    }

    @Test
    void aRecoveryAtItsThresholdIsNeverOvertakenByAPendingUpdate() {
      // A pending update requested after the threshold was reached (only possible that way).
      AccountConfig c = recoveryAtThreshold();
      Settings s = new Settings(OWNER.publicKey(), GUARDIANS, HIGH_RULES);
      AccountConfig c2 = applied(apply(c, update(OWNER, c, s), T0 + 10));
      PendingUpdate due = new PendingUpdate(GUARDIANS, HIGH_RULES, T0); // forced due early
      AccountConfig forced = c2.withPendingUpdate(Optional.of(due));
      assertRejected(apply(forced, finalise(), T0 + DAY - 1), RejectionReason.DELAY_NOT_PASSED);
      AccountConfig done = applied(apply(forced, finalise(), T0 + DAY));
      assertThat(done.owner()).isEqualTo(NEW_OWNER.publicKey());
      assertThat(done.spendingRulesHash()).isEqualTo(RULES);
    }
  }

  // ---------------------------------------------------------------- §6.8 the security property

  @Test
  void thiefCannotWeakenTheAccountBeforeGuardiansRecoverIt() {
    // The thief steals the owner key, rotates it, replaces the guardians and raises the limits.
    GuardianSet thiefsGuardians = guardians(1, 3600, THIEF);
    Settings thiefsWish = new Settings(THIEF.publicKey(), thiefsGuardians, HIGH_RULES);
    TransitionResult.Applied stolen =
        appliedResult(apply(START, update(OWNER, START, thiefsWish), T0));
    AccountConfig c = stolen.newConfig();
    assertThat(stolen.effects()).contains(Effect.OWNER_ROTATED, Effect.UPDATE_PENDING);
    assertThat(c.owner()).as("rotation applies at once").isEqualTo(THIEF.publicKey());
    assertThat(c.guardianSet()).as("guardians unchanged for now").isEqualTo(GUARDIANS);
    assertThat(c.spendingRulesHash()).as("limits unchanged for now").isEqualTo(RULES);

    // The thief cannot finalise early.
    assertRejected(apply(c, finalise(), T0 + DAY - 1), RejectionReason.DELAY_NOT_PASSED);

    // Within the delay, two guardians approve a recovery to the user's new key.
    c = applied(apply(c, approve(G0, 0, NEW_OWNER, c), T0 + 3600));
    TransitionResult.Applied reached =
        appliedResult(apply(c, approve(G2, 2, NEW_OWNER, c), T0 + 7200));
    c = reached.newConfig();
    assertThat(reached.effects()).contains(Effect.PENDING_UPDATE_DROPPED);
    assertThat(c.pendingUpdate()).as("the thief's change is gone").isEmpty();

    // When the thief's change would have come due, nothing weakens.
    assertRejected(apply(c, finalise(), T0 + DAY), RejectionReason.DELAY_NOT_PASSED);
    assertThat(c.guardianSet()).isEqualTo(GUARDIANS);
    assertThat(c.spendingRulesHash()).isEqualTo(RULES);

    // The thief is no guardian, and even a guardian could not replace a proposal at threshold.
    assertRejected(apply(c, approve(THIEF, 1, THIEF, c), T0 + DAY), RejectionReason.WRONG_SIGNER);
    assertRejected(
        apply(c, approve(G1, 1, THIEF, c), T0 + DAY), RejectionReason.RECOVERY_IN_PROGRESS);

    // After the delay, anyone finalises: the user owns the account with the original protection.
    AccountConfig recovered = applied(apply(c, finalise(), T0 + 7200 + DAY));
    assertThat(recovered.owner()).isEqualTo(NEW_OWNER.publicKey());
    assertThat(recovered.guardianSet()).isEqualTo(GUARDIANS);
    assertThat(recovered.spendingRulesHash()).isEqualTo(RULES);
    assertThat(recovered.pendingUpdate()).isEmpty();
    assertThat(recovered.pendingRecovery()).isEmpty();
    // The thief's key signs nothing any more.
    assertRejected(
        apply(recovered, update(THIEF, recovered, thiefsWish), T0 + 2 * DAY),
        RejectionReason.WRONG_SIGNER);
  }

  @Test
  void withoutGuardianReactionTheOwnersChangeComesDueAfterTheDelay() {
    Settings s = new Settings(OWNER.publicKey(), guardians(1, DAY, G0), HIGH_RULES);
    AccountConfig c = applied(apply(START, update(OWNER, START, s), T0));
    AccountConfig done = applied(apply(c, finalise(), T0 + DAY));
    assertThat(done.settings()).isEqualTo(s);
    assertThat(List.of(done.nonce(), done.recoveryEpoch())).containsExactly(1L, 1L);
  }

  @Test
  void thiefWithTheOwnerKeyCannotCancelARecoveryAtItsThreshold() {
    Settings thiefsWish = new Settings(THIEF.publicKey(), guardians(1, 3600, THIEF), HIGH_RULES);
    AccountConfig c = applied(apply(START, update(OWNER, START, thiefsWish), T0));
    c = applied(apply(c, approve(G0, 0, NEW_OWNER, c), T0 + 60));
    c = applied(apply(c, approve(G1, 1, NEW_OWNER, c), T0 + 120));
    assertRejected(apply(c, cancel(THIEF, c), T0 + 180), RejectionReason.GUARDIAN_VETO_REQUIRED);
    c = applied(apply(c, update(THIEF, c, thiefsWish), T0 + 240)); // asks again: pending
    assertRejected(
        apply(c, cancel(THIEF, c), T0 + 120 + DAY - 1), RejectionReason.GUARDIAN_VETO_REQUIRED);
    AccountConfig done = applied(apply(c, finalise(), T0 + 120 + DAY));
    assertThat(done.owner()).isEqualTo(NEW_OWNER.publicKey());
    assertThat(done.guardianSet()).isEqualTo(GUARDIANS);
    assertThat(done.spendingRulesHash()).isEqualTo(RULES);
    assertThat(done.pendingUpdate()).isEmpty();
  }

  @Test
  void theOwnerWithOneHonestGuardianStopsAColludingThreshold() {
    // guardians 0 and 1 collude for the thief's key; guardian 2 vetoes, the owner cancels
    AccountConfig c = applied(apply(START, approve(G0, 0, THIEF, START), T0));
    c = applied(apply(c, approve(G1, 1, THIEF, c), T0 + 60));
    assertRejected(apply(c, cancel(OWNER, c), T0 + 120), RejectionReason.GUARDIAN_VETO_REQUIRED);
    c = applied(apply(c, veto(G2, 2, c), T0 + 120));
    c = applied(apply(c, cancel(OWNER, c), T0 + 180));
    assertThat(c.pendingRecovery()).isEmpty();
    assertRejected(apply(c, finalise(), T0 + 60 + DAY), RejectionReason.NOTHING_PENDING);
    assertThat(c.owner()).isEqualTo(OWNER.publicKey());
  }

  @Test
  void colludingGuardiansCannotCancelAlone() {
    // a veto needs the owner's cancel: guardians alone cannot stop a recovery either
    AccountConfig c = recoveryAtThreshold();
    c = applied(apply(c, veto(G0, 0, c), T0));
    c = applied(apply(c, veto(G1, 1, c), T0));
    c = applied(apply(c, veto(G2, 2, c), T0));
    assertThat(applied(apply(c, finalise(), T0 + DAY)).owner()).isEqualTo(NEW_OWNER.publicKey());
  }
}
