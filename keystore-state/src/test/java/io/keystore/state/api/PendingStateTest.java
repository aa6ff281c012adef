package io.keystore.state.api;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.guardians;
import static io.keystore.state.testing.Fixtures.key;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.Signature;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.stf.TransitionResult;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxSigning;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PendingStateTest {

  /** A transaction and the batch time it is judged at. */
  record Step(Transaction tx, long time) {}

  static final PrivateKey OTHER_OWNER = key("other owner");
  static final AccountCreation OTHER =
      new AccountCreation(
          field("other salt"), new Settings(OTHER_OWNER.publicKey(), guardians(0, DAY), RULES));

  static Transaction.UpdateConfig create() {
    return SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION));
  }

  static Transaction.UpdateConfig rotate(PrivateKey signer, long nonce, PrivateKey to) {
    return SIGNING.updateConfig(
        signer, ACCOUNT, nonce, new Settings(to.publicKey(), GUARDIANS, RULES), Optional.empty());
  }

  /** Every rule the state transition has, in an order where each step means something. */
  static List<Step> scenario() {
    Transaction.UpdateConfig good = rotate(OWNER, 1, OWNER);
    Signature k1 = good.secp256k1Signature();
    Signature bad = new Signature(k1.r().add(BigInteger.ONE), k1.s(), k1.v());
    TxSigning otherChain = new TxSigning(Eip712Domain.keystore(1, DOMAIN.verifyingContract()));
    Settings invalid = new Settings(OTHER_OWNER.publicKey(), guardians(3, DAY), RULES);
    AccountCreation invalidCreation = new AccountCreation(field("invalid"), invalid);
    return List.of(
        new Step(rotate(OWNER, 0, NEW_OWNER), T0), // ACCOUNT_NOT_FOUND
        new Step(create(), T0),
        new Step(create(), T0), // ACCOUNT_EXISTS
        new Step(rotate(OWNER, 5, NEW_OWNER), T0), // BAD_NONCE
        new Step(rotate(THIEF, 1, THIEF), T0), // WRONG_SIGNER
        new Step(
            new Transaction.UpdateConfig(ACCOUNT, 1, good.newSettings(), Optional.empty(), bad),
            T0),
        new Step(
            SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.empty()),
            T0),
        new Step(
            SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.empty()),
            T0),
        new Step(
            SIGNING.approveRecovery(G1, ACCOUNT, 3, NEW_OWNER.publicKey(), 0, Optional.empty()),
            T0),
        new Step(
            SIGNING.approveRecovery(G1, ACCOUNT, 1, NEW_OWNER.publicKey(), 7, Optional.empty()),
            T0),
        new Step(
            SIGNING.approveRecovery(G1, ACCOUNT, 1, NEW_OWNER.publicKey(), 0, Optional.empty()),
            T0),
        new Step(new Transaction.FinaliseRecovery(ACCOUNT), T0), // DELAY_NOT_PASSED
        new Step(new Transaction.FinaliseRecovery(ACCOUNT), T0 + 2 * DAY),
        new Step(SIGNING.cancelRecovery(NEW_OWNER, ACCOUNT, 1), T0 + 2 * DAY), // NOTHING_PENDING
        new Step(rotate(NEW_OWNER, 1, NEW_OWNER), T0 + 2 * DAY),
        new Step(
            otherChain.updateConfig(
                OTHER_OWNER, OTHER.address(), 0, OTHER.settings(), Optional.of(OTHER)),
            T0),
        new Step(
            SIGNING.updateConfig(OTHER_OWNER, ACCOUNT_2, 0, OTHER.settings(), Optional.of(OTHER)),
            T0),
        new Step(
            SIGNING.updateConfig(
                OTHER_OWNER, invalidCreation.address(), 0, invalid, Optional.of(invalidCreation)),
            T0),
        new Step(
            SIGNING.updateConfig(
                OTHER_OWNER, OTHER.address(), 0, OTHER.settings(), Optional.of(OTHER)),
            T0),
        new Step(new Transaction.FinaliseRecovery(OTHER.address()), T0)); // NOTHING_PENDING
  }

  static final Address ACCOUNT_2 = Address.fromHex("0x00000000000000000000000000000000000000aa");

  /** What the full state (tree and all) decides for the scenario, one transaction at a time. */
  static List<TxOutcome> reference(List<Step> steps) {
    KeystoreState full = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    return steps.stream().map(s -> full.apply(s.tx(), s.time())).toList();
  }

  static PendingState emptyView() {
    return new PendingState(a -> Optional.empty(), DOMAIN);
  }

  static void assertSameDecision(TransitionResult got, TxOutcome expected) {
    switch (expected) {
      case TxOutcome.Applied a -> {
        assertThat(got).isInstanceOf(TransitionResult.Applied.class);
        assertThat(((TransitionResult.Applied) got).newConfig()).isEqualTo(a.newConfig());
        assertThat(((TransitionResult.Applied) got).effects()).isEqualTo(a.effects());
      }
      case TxOutcome.Rejected r -> {
        assertThat(got).isInstanceOf(TransitionResult.Rejected.class);
        TransitionResult.Rejected mine = (TransitionResult.Rejected) got;
        assertThat(mine.reason()).as(mine.message()).isEqualTo(r.reason());
        assertThat(mine.message()).isEqualTo(r.message());
      }
      case TxOutcome.ForcedRejected f -> throw new AssertionError("no forced transactions here");
    }
  }

  @Test
  void decidesEveryTransactionOfTheScenarioAsTheFullStateDoes() {
    List<Step> steps = scenario();
    List<TxOutcome> expected = reference(steps);
    PendingState view = emptyView();
    for (int i = 0; i < steps.size(); i++) {
      assertSameDecision(view.apply(steps.get(i).tx(), steps.get(i).time()), expected.get(i));
    }
    assertThat(
            expected.stream()
                .filter(o -> o instanceof TxOutcome.Rejected)
                .map(o -> ((TxOutcome.Rejected) o).reason()))
        .contains(
            RejectionReason.ACCOUNT_NOT_FOUND,
            RejectionReason.ACCOUNT_EXISTS,
            RejectionReason.BAD_NONCE,
            RejectionReason.WRONG_SIGNER,
            RejectionReason.DUPLICATE_APPROVAL,
            RejectionReason.NOT_A_GUARDIAN,
            RejectionReason.BAD_RECOVERY_EPOCH,
            RejectionReason.DELAY_NOT_PASSED,
            RejectionReason.NOTHING_PENDING,
            RejectionReason.ADDRESS_MISMATCH,
            RejectionReason.INVALID_CONFIG);
    assertThat(view.account(ACCOUNT).orElseThrow().owner()).isEqualTo(NEW_OWNER.publicKey());
  }

  @Test
  void preparedInParallelAllAtOnceThenAppliedInOrderGivesTheSerialDecisions() {
    List<Step> steps = scenario();
    List<TxOutcome> expected = reference(steps);
    PendingState view = emptyView();
    List<PendingState.Prepared> prepared =
        steps.parallelStream().map(s -> view.prepare(s.tx(), s.time())).toList();
    for (int i = 0; i < steps.size(); i++) {
      assertSameDecision(view.apply(prepared.get(i)), expected.get(i));
    }
  }

  @Test
  void aResultPreparedAgainstTheAccountAsItStillIsIsTakenAsIs() {
    PendingState view = emptyView();
    PendingState.Prepared p = view.prepare(create(), T0);

    assertThat(view.apply(p)).isSameAs(p.result());
  }

  @Test
  void aResultPreparedBeforeAnotherTransactionChangedTheAccountIsDecidedAgain() {
    PendingState view = emptyView();
    PendingState.Prepared creation = view.prepare(create(), T0);
    PendingState.Prepared rotation = view.prepare(rotate(OWNER, 1, NEW_OWNER), T0);
    PendingState.Prepared again = view.prepare(create(), T0);
    assertThat(rotation.result()).isInstanceOf(TransitionResult.Rejected.class); // no account yet

    view.apply(creation);

    assertThat(view.apply(rotation)).isInstanceOf(TransitionResult.Applied.class);
    TransitionResult twice = view.apply(again);
    assertThat(twice).isInstanceOf(TransitionResult.Rejected.class);
    assertThat(((TransitionResult.Rejected) twice).reason())
        .isEqualTo(RejectionReason.ACCOUNT_EXISTS);
    assertThat(view.account(ACCOUNT).orElseThrow().nonce()).isEqualTo(2);
  }

  @Test
  void aResultPreparedUnderAnotherDomainIsDecidedAgainUnderThisOne() {
    Eip712Domain chain1 = Eip712Domain.keystore(1, DOMAIN.verifyingContract());
    PendingState elsewhere = new PendingState(a -> Optional.empty(), chain1);
    PendingState.Prepared p =
        elsewhere.prepare(
            new TxSigning(chain1).updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION)),
            T0);
    assertThat(p.result()).isInstanceOf(TransitionResult.Applied.class);

    TransitionResult here = emptyView().apply(p);

    assertThat(here).isInstanceOf(TransitionResult.Rejected.class);
    assertThat(((TransitionResult.Rejected) here).reason()).isEqualTo(RejectionReason.WRONG_SIGNER);
  }

  @Test
  void readsTheBaseOnceForAnAccountAndJudgesOnTopOfIt() {
    KeystoreState committed = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    committed.apply(create(), T0);
    AtomicInteger reads = new AtomicInteger();
    PendingState view =
        new PendingState(
            a -> {
              reads.incrementAndGet();
              return committed.account(a);
            },
            DOMAIN);

    assertThat(view.apply(rotate(OWNER, 1, NEW_OWNER), T0))
        .isInstanceOf(TransitionResult.Applied.class);
    TransitionResult stale = view.apply(rotate(OWNER, 1, OWNER), T0);

    assertThat(((TransitionResult.Rejected) stale).reason()).isEqualTo(RejectionReason.BAD_NONCE);
    assertThat(reads).hasValue(1);
    assertThat(committed.account(ACCOUNT).orElseThrow().nonce())
        .isEqualTo(1); // the base is never written
  }

  @Test
  void rememberedBaseReadsAreBoundedAndDroppingThemChangesNoDecision() {
    KeystoreState committed = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    committed.apply(create(), T0);
    AtomicInteger reads = new AtomicInteger();
    PendingState view =
        new PendingState(
            a -> {
              reads.incrementAndGet();
              return committed.account(a);
            },
            DOMAIN,
            3);

    for (int i = 1; i <= 10; i++) { // lookups of absent accounts: at most 3 remembered
      view.account(Address.fromHex(String.format("0x%040x", i)));
    }
    int before = reads.get();
    assertThat(view.account(ACCOUNT)).contains(committed.account(ACCOUNT).orElseThrow());
    assertThat(view.apply(rotate(OWNER, 1, NEW_OWNER), T0))
        .isInstanceOf(TransitionResult.Applied.class);
    for (int i = 11; i <= 20; i++) {
      view.account(Address.fromHex(String.format("0x%040x", i)));
    }

    assertThat(reads.get()).isEqualTo(before + 11);
    assertThat(view.account(ACCOUNT).orElseThrow().owner())
        .isEqualTo(NEW_OWNER.publicKey()); // not the base's
    assertThat(((TransitionResult.Rejected) view.apply(rotate(OWNER, 1, OWNER), T0)).reason())
        .isEqualTo(RejectionReason.BAD_NONCE);
  }

  @Test
  void concurrentPreparesAndAppliesOfManyAccountsAcceptEachCreationOnce() throws Exception {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      PrivateKey k = key("many " + i);
      AccountCreation c =
          new AccountCreation(
              field("many " + i), new Settings(k.publicKey(), guardians(0, DAY), RULES));
      Transaction t = SIGNING.updateConfig(k, c.address(), 0, c.settings(), Optional.of(c));
      txs.add(t);
      txs.add(t); // the same creation twice: exactly one is applied
    }
    PendingState view = emptyView();
    AtomicInteger applied = new AtomicInteger();
    AtomicInteger exists = new AtomicInteger();
    txs.parallelStream()
        .forEach(
            t -> {
              TransitionResult r = view.apply(view.prepare(t, T0));
              if (r instanceof TransitionResult.Applied) {
                applied.incrementAndGet();
              } else if (((TransitionResult.Rejected) r).reason()
                  == RejectionReason.ACCOUNT_EXISTS) {
                exists.incrementAndGet();
              }
            });
    assertThat(applied).hasValue(40);
    assertThat(exists).hasValue(40);
  }
}
