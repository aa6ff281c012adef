package io.keystore.node.core;

import static io.keystore.node.core.MempoolTest.SIGNING;
import static io.keystore.node.core.MempoolTest.create;
import static io.keystore.node.core.MempoolTest.key;
import static io.keystore.node.core.MempoolTest.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.core.AdmissionLimits.ClientQuota;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admission limits on real H2 databases: the client quota, the pending transactions per account
 * and signer, the pending creations. A limit refuses a new transaction and says which limit and
 * when to retry; it never drops one admitted.
 */
class MempoolLimitsTest extends MempoolOnH2 {

  static final PrivateKey OWNER = key("limits owner");
  static final PrivateKey GUARDIAN = key("limits guardian");
  static final Caller CLIENT = Caller.http("198.51.100.7", null, null);

  final MovableClock clock = new MovableClock();
  Batcher batcher;
  AccountCreation account;

  MempoolLimitsTest() {
    super(1000);
  }

  @Override
  Clock clock() {
    return clock;
  }

  @Override
  AdmissionLimits limits() {
    return new AdmissionLimits(
        Optional.of(new ClientQuota(1, 2)), Optional.empty(), ApiKeys.NONE, 2, 3, 1);
  }

  /** An account with one guardian (threshold 1), in {@code salt}'s address. */
  static AccountCreation guarded(long salt, PrivateKey owner, PrivateKey guardian) {
    GuardianSet guardians =
        new GuardianSet(List.of(guardian.publicKey()), 1, GuardianSet.MIN_RECOVERY_DELAY);
    return new AccountCreation(Fr.of(salt), new Settings(owner.publicKey(), guardians, Fr.ZERO));
  }

  static Transaction.UpdateConfig creationOf(AccountCreation c, PrivateKey owner) {
    return SIGNING.updateConfig(owner, c.address(), 0, c.settings(), Optional.of(c));
  }

  /** The owner signs the account's settings unchanged, with {@code nonce}. */
  static Transaction.UpdateConfig keepSettings(AccountCreation c, PrivateKey owner, long nonce) {
    return SIGNING.updateConfig(owner, c.address(), nonce, c.settings(), Optional.empty());
  }

  static Transaction.ApproveRecovery approval(
      AccountCreation c, PrivateKey guardian, PrivateKey newOwner) {
    return SIGNING.approveRecovery(
        guardian, c.address(), 0, newOwner.publicKey(), 0, Optional.empty());
  }

  static Admission.Limited limited(Admission a, Admission.Limit limit) {
    assertThat(a).isInstanceOf(Admission.Limited.class);
    Admission.Limited l = (Admission.Limited) a;
    assertThat(l.limit()).isEqualTo(limit);
    return l;
  }

  void accepted(Transaction tx, Caller caller) {
    assertThat(mempool.submit(raw(tx), caller))
        .isEqualTo(new Admission.Accepted(TxCodec.hash(tx), false));
  }

  @BeforeEach
  void anExistingAccount() {
    batcher =
        new Batcher(
            store, state, mempool, clock, () -> clock.now.getEpochSecond(), 4, Duration.ZERO);
    account = guarded(11, OWNER, GUARDIAN);
    accepted(creationOf(account, OWNER), Caller.IN_PROCESS);
    assertThat(batcher.tick()).isTrue();
  }

  @Test
  void anAccountsOwnerMayHaveItsMostPendingAndItsGuardiansAndTheFinaliseHaveTheirOwn() {
    accepted(keepSettings(account, OWNER, 1), Caller.IN_PROCESS);
    accepted(keepSettings(account, OWNER, 2), Caller.IN_PROCESS);

    Admission.Limited third =
        limited(
            mempool.submit(raw(keepSettings(account, OWNER, 3)), Caller.IN_PROCESS),
            Admission.Limit.ACCOUNT_PENDING);

    assertThat(third.message())
        .contains(account.address().toString(), "2 pending transactions of its owner");
    assertThat(third.retryAfterSeconds()).isEqualTo(BatchPace.BEFORE_ANY_PROOF.toSeconds());
    accepted(approval(account, GUARDIAN, key("limits new owner")), Caller.IN_PROCESS);
    assertThat(batcher.tick()).isTrue();
    accepted(keepSettings(account, OWNER, 3), Caller.IN_PROCESS);
  }

  @Test
  void pendingCreationsAreCappedNodeWideWhileExistingAccountsStillGetIn() {
    for (int i = 0; i < 3; i++) {
      accepted(create(SIGNING, "capped " + i), Caller.IN_PROCESS);
    }

    Admission.Limited fourth =
        limited(
            mempool.submit(raw(create(SIGNING, "capped 3")), Caller.IN_PROCESS),
            Admission.Limit.PENDING_CREATIONS);

    assertThat(fourth.message()).contains("3 pending account creations");
    accepted(keepSettings(account, OWNER, 1), Caller.IN_PROCESS);
    assertThat(store.pending(10)).as("nothing admitted is dropped").hasSize(4);
    assertThat(batcher.tick()).isTrue();
    accepted(create(SIGNING, "capped 3"), Caller.IN_PROCESS);
  }

  @Test
  void theClientQuotaChargesEachTransactionJudgedButNotTheResubmissionOfAKnownOne() {
    Transaction first = create(SIGNING, "rated 0");
    accepted(first, CLIENT);
    assertThat(mempool.submit(raw(first), CLIENT))
        .isEqualTo(new Admission.Accepted(TxCodec.hash(first), true));
    accepted(create(SIGNING, "rated 1"), CLIENT);

    Admission.Limited third =
        limited(
            mempool.submit(raw(create(SIGNING, "rated 2")), CLIENT), Admission.Limit.CLIENT_RATE);

    assertThat(third.message()).contains("address 198.51.100.7", "2 transactions at once");
    assertThat(third.retryAfterSeconds()).isEqualTo(1);
    accepted(create(SIGNING, "rated 2"), Caller.http("198.51.100.8", null, null));
    clock.now = clock.now.plusSeconds(1);
    accepted(keepSettings(account, OWNER, 1), CLIENT);
  }

  @Test
  void anUnknownApiKeyIsRefusedWhateverTheTransaction() {
    Transaction tx = create(SIGNING, "keyless");

    assertThat(
            mempool.submit(raw(tx), Caller.http("198.51.100.7", "no-such-key-at-this-node", null)))
        .isInstanceOf(Admission.UnknownApiKey.class);
    assertThat(store.tx(TxCodec.hash(tx))).isEmpty();
  }

  @Test
  void aRestartedMempoolCountsThePendingTransactionsItFindsStored() throws Exception {
    for (int i = 0; i < 3; i++) {
      accepted(create(SIGNING, "stored " + i), Caller.IN_PROCESS);
    }
    mempool.close();

    mempool = new Mempool(store, state, clock, 1000, limits());
    mempool.rebuildView();

    limited(
        mempool.submit(raw(create(SIGNING, "stored 3")), Caller.IN_PROCESS),
        Admission.Limit.PENDING_CREATIONS);
  }
}
