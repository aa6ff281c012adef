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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.Settings;
import io.keystore.state.account.StateHashing;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.Signature;
import io.keystore.state.stf.Effect;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.tree.ForwardingTreeStore;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.InsertWitness;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tree.TreeChanges;
import io.keystore.state.tree.TreeWitness;
import io.keystore.state.tree.UpdateWitness;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class KeystoreStateTest {

  final MemoryTreeStore treeStore = new MemoryTreeStore();
  final MemoryConfigStore configStore = new MemoryConfigStore();
  final KeystoreState state = new KeystoreState(treeStore, configStore, DOMAIN);

  // ---------------------------------------------------------------- helpers

  /**
   * The first transaction of ACCOUNT: an UpdateConfig by OWNER keeping the settings, with creation.
   */
  static Transaction.UpdateConfig create() {
    return SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION));
  }

  static Transaction.UpdateConfig rotate(PrivateKey signer, long nonce, PrivateKey to) {
    return SIGNING.updateConfig(
        signer, ACCOUNT, nonce, new Settings(to.publicKey(), GUARDIANS, RULES), Optional.empty());
  }

  static TxOutcome.Applied applied(TxOutcome o) {
    if (o instanceof TxOutcome.Rejected r) {
      throw new AssertionError("rejected: " + r.reason() + ": " + r.message());
    }
    return (TxOutcome.Applied) o;
  }

  static void assertRejected(TxOutcome o, RejectionReason reason) {
    assertThat(o).isInstanceOf(TxOutcome.Rejected.class);
    TxOutcome.Rejected r = (TxOutcome.Rejected) o;
    assertThat(r.reason()).as(r.message()).isEqualTo(reason);
  }

  static Bytes32 leafValue(AccountConfig c) {
    return c.hash().toBytes();
  }

  /** A second account with its own owner and no guardians. */
  record Other(PrivateKey owner, AccountCreation creation) {
    static Other of(String label) {
      PrivateKey k = key(label);
      return new Other(
          k,
          new AccountCreation(
              field("salt " + label), new Settings(k.publicKey(), guardians(0, DAY), RULES)));
    }

    Address address() {
      return creation.address();
    }

    Transaction.UpdateConfig create() {
      return SIGNING.updateConfig(owner, address(), 0, creation.settings(), Optional.of(creation));
    }

    Transaction.UpdateConfig rotate(PrivateKey signer, long nonce, PrivateKey to) {
      return SIGNING.updateConfig(
          signer,
          address(),
          nonce,
          new Settings(to.publicKey(), guardians(0, DAY), RULES),
          Optional.empty());
    }
  }

  // ---------------------------------------------------------------- single transactions

  @Test
  void firstTransactionCreatesTheAccountAsALeafHoldingItsConfigHashAtItsDerivedAddress() {
    Bytes32 genesis = state.root();
    assertThat(state.account(ACCOUNT)).isEmpty();

    TxOutcome.Applied a = applied(state.apply(create(), T0));

    assertThat(a.created()).isTrue();
    assertThat(a.effects()).contains(Effect.ACCOUNT_CREATED);
    assertThat(a.witness()).isInstanceOf(InsertWitness.class);
    assertThat(a.witness().verify()).isTrue();
    assertThat(a.witness().oldRoot()).isEqualTo(genesis);
    assertThat(a.witness().newRoot()).isEqualTo(state.root());

    AccountConfig expected = AccountConfig.initial(INITIAL).withNonce(1);
    assertThat(a.newConfig()).isEqualTo(expected);
    assertThat(state.account(ACCOUNT)).contains(expected);

    Address derived =
        StateHashing.address(
            CREATION.salt(), StateHashing.configHash(AccountConfig.initial(INITIAL)));
    assertThat(derived).isEqualTo(ACCOUNT);
    Bytes32 key = KeystoreState.treeKey(ACCOUNT);
    assertThat(key).isEqualTo(StateHashing.treeKey(derived).toBytes());
    Leaf leaf = new IndexedMerkleTree(treeStore).get(key).orElseThrow();
    assertThat(leaf.value()).isEqualTo(leafValue(expected));
    assertThat(a.witness().key()).isEqualTo(key);
    assertThat(a.witness().value()).isEqualTo(leafValue(expected));
  }

  @Test
  void ownerRotationUpdatesTheLeafAndReturnsAnUpdateWitnessThatVerifies() {
    applied(state.apply(create(), T0));
    Bytes32 before = state.root();

    TxOutcome.Applied a = applied(state.apply(rotate(OWNER, 1, NEW_OWNER), T0 + 60));

    assertThat(a.created()).isFalse();
    assertThat(a.effects()).contains(Effect.OWNER_ROTATED);
    assertThat(a.newConfig().owner()).isEqualTo(NEW_OWNER.publicKey());
    assertThat(a.witness()).isInstanceOf(UpdateWitness.class);
    assertThat(a.witness().verify()).isTrue();
    assertThat(a.witness().oldRoot()).isEqualTo(before);
    assertThat(a.witness().newRoot()).isEqualTo(state.root()).isNotEqualTo(before);
    assertThat(a.witness().value()).isEqualTo(leafValue(a.newConfig()));
    assertThat(state.account(ACCOUNT).orElseThrow().owner()).isEqualTo(NEW_OWNER.publicKey());
  }

  @Test
  void rejectedTransactionsLeaveRootAndConfigUnchanged() {
    applied(state.apply(create(), T0));
    Bytes32 root = state.root();
    AccountConfig config = state.account(ACCOUNT).orElseThrow();

    assertRejected(state.apply(rotate(OWNER, 5, NEW_OWNER), T0), RejectionReason.BAD_NONCE);
    assertRejected(state.apply(rotate(THIEF, 1, THIEF), T0), RejectionReason.WRONG_SIGNER);
    Transaction.UpdateConfig good = rotate(OWNER, 1, NEW_OWNER);
    Transaction.UpdateConfig forged =
        new Transaction.UpdateConfig(
            good.account(),
            good.nonce(),
            good.newSettings(),
            good.creation(),
            corrupt(good.secp256k1Signature()));
    TxOutcome forgedOutcome = state.apply(forged, T0);
    assertThat(((TxOutcome.Rejected) forgedOutcome).reason())
        .isIn(RejectionReason.BAD_SIGNATURE, RejectionReason.WRONG_SIGNER);
    assertRejected(state.apply(create(), T0), RejectionReason.ACCOUNT_EXISTS);
    assertThat(forgedOutcome.treeWitness()).isEmpty();

    assertThat(state.root()).isEqualTo(root);
    assertThat(state.account(ACCOUNT)).contains(config);
  }

  @Test
  void rejectedCreationLeavesTheAccountAbsentWithANonMembershipProof() {
    Bytes32 genesis = state.root();
    assertRejected(state.apply(rotate(OWNER, 0, NEW_OWNER), T0), RejectionReason.ACCOUNT_NOT_FOUND);
    assertThat(state.root()).isEqualTo(genesis);
    assertThat(state.account(ACCOUNT)).isEmpty();
    assertThat(configStore.size()).isZero();
    AccountProof p = state.proof(ACCOUNT);
    assertThat(p).isInstanceOf(AccountProof.NonMember.class);
    assertThat(p.verify()).isTrue();
  }

  @Test
  void proofOfAnAccountIsAMembershipProofWithItsConfigAgainstTheCurrentRoot() {
    applied(state.apply(create(), T0));
    Other other = Other.of("other");
    AccountProof absent = state.proof(other.address());
    assertThat(absent).isInstanceOf(AccountProof.NonMember.class);
    assertThat(absent.verify()).isTrue();

    AccountProof p = state.proof(ACCOUNT);
    assertThat(p).isInstanceOf(AccountProof.Member.class);
    AccountProof.Member m = (AccountProof.Member) p;
    assertThat(m.root()).isEqualTo(state.root());
    assertThat(m.config()).isEqualTo(state.account(ACCOUNT).orElseThrow());
    assertThat(m.verify()).isTrue();
    // The proof binds the configuration: another one does not verify.
    AccountProof.Member lie =
        new AccountProof.Member(ACCOUNT, m.root(), m.config().withNonce(7), m.proof());
    assertThat(lie.verify()).isFalse();
  }

  /** The same signature with r changed: valid for no key, or for another one. */
  static Signature corrupt(Signature s) {
    return new Signature(s.r().add(java.math.BigInteger.ONE), s.s(), s.v());
  }

  // ---------------------------------------------------------------- batches

  @Test
  void batchAppliesTheValidTransactionsSkipsTheRejectedOnesAndChainsItsWitnesses() {
    Other a = Other.of("a");
    Other b = Other.of("b");
    PrivateKey a1 = key("a1");
    List<Transaction> txs =
        List.of(
            create(), // applied: insert
            a.create(), // applied: insert
            rotate(OWNER, 0, NEW_OWNER), // rejected: nonce is 1 now
            a.rotate(a.owner(), 1, a1), // applied: update
            b.rotate(b.owner(), 0, b.owner()), // rejected: b does not exist
            a.rotate(a.owner(), 2, a1), // rejected: a's owner is a1 now
            a.rotate(a1, 2, a.owner()), // applied: update
            rotate(OWNER, 1, NEW_OWNER)); // applied: update
    Bytes32 before = state.root();

    BatchResult r = state.applyBatch(txs, T0);

    assertThat(r.outcomes()).hasSize(txs.size());
    assertThat(r.outcomes()).extracting(TxOutcome::tx).containsExactlyElementsOf(txs);
    assertThat(r.outcomes())
        .extracting(TxOutcome::isApplied)
        .containsExactly(true, true, false, true, false, false, true, true);
    assertThat(r.rejected())
        .extracting(TxOutcome.Rejected::reason)
        .containsExactly(
            RejectionReason.BAD_NONCE,
            RejectionReason.ACCOUNT_NOT_FOUND,
            RejectionReason.WRONG_SIGNER);
    assertThat(r.oldRoot()).isEqualTo(before);
    assertThat(r.newRoot()).isEqualTo(state.root());

    List<TreeWitness> ws = r.witnesses();
    assertThat(ws).hasSize(5);
    assertThat(ws)
        .extracting(w -> w.getClass().getSimpleName())
        .containsExactly(
            "InsertWitness", "InsertWitness", "UpdateWitness", "UpdateWitness", "UpdateWitness");
    Bytes32 root = r.oldRoot();
    for (TreeWitness w : ws) {
      assertThat(w.verify()).isTrue();
      assertThat(w.oldRoot()).isEqualTo(root);
      root = w.newRoot();
    }
    assertThat(root).isEqualTo(r.newRoot());

    assertThat(state.account(ACCOUNT).orElseThrow().owner()).isEqualTo(NEW_OWNER.publicKey());
    AccountConfig ac = state.account(a.address()).orElseThrow();
    assertThat(ac.owner()).isEqualTo(a.owner().publicKey());
    assertThat(ac.nonce()).isEqualTo(3);
    assertThat(state.account(b.address())).isEmpty();
    assertThat(state.size()).isEqualTo(2);
  }

  @Test
  void batchWithOnlyRejectionsKeepsTheRoot() {
    Bytes32 before = state.root();
    BatchResult r = state.applyBatch(List.of(rotate(OWNER, 0, NEW_OWNER)), T0);
    assertThat(r.oldRoot()).isEqualTo(before).isEqualTo(r.newRoot()).isEqualTo(state.root());
    assertThat(r.witnesses()).isEmpty();
  }

  @Test
  void batchWhoseConfigStoreFailsMidwayLeavesTheOldRootAndConfigs() {
    applied(state.apply(create(), T0));
    Bytes32 root = state.root();
    AccountConfig config = state.account(ACCOUNT).orElseThrow();

    FailingConfigStore failing = new FailingConfigStore();
    KeystoreState s = new KeystoreState(treeStore, failing, DOMAIN);
    failing.delegate.putAll(Map.of(ACCOUNT, TxCodec.encodeConfig(config)));
    Other a = Other.of("a");
    failing.failGetAfter.set(2); // the first two reads succeed: ACCOUNT, then a; the third throws
    List<Transaction> txs =
        List.of(rotate(OWNER, 1, NEW_OWNER), a.create(), Other.of("b").create());

    assertThatThrownBy(() -> s.applyBatch(txs, T0)).hasMessageContaining("injected");

    assertThat(s.root()).isEqualTo(root);
    failing.failGetAfter.set(Integer.MAX_VALUE);
    assertThat(s.account(ACCOUNT)).contains(config);
    assertThat(s.account(a.address())).isEmpty();
    assertThat(failing.delegate.size()).isEqualTo(1);
    // And the state still works afterwards.
    assertThat(applied(s.apply(rotate(OWNER, 1, NEW_OWNER), T0)).witness().oldRoot())
        .isEqualTo(root);
  }

  @Test
  void restartedStateReadsTheConfigsFromTheStores() {
    applied(state.apply(create(), T0));
    applied(state.apply(rotate(OWNER, 1, NEW_OWNER), T0));
    KeystoreState restarted = new KeystoreState(treeStore, configStore, DOMAIN);
    assertThat(restarted.root()).isEqualTo(state.root());
    assertThat(restarted.account(ACCOUNT)).isEqualTo(state.account(ACCOUNT));
    assertThat(applied(restarted.apply(rotate(NEW_OWNER, 2, OWNER), T0)).newConfig().nonce())
        .isEqualTo(3);
  }

  @Test
  void batchWhoseTreeStoreFailsOnCommitRestoresTheConfigsItWrote() {
    FailingTreeStore failingTree = new FailingTreeStore();
    KeystoreState s = new KeystoreState(failingTree, configStore, DOMAIN);
    applied(s.apply(create(), T0));
    Bytes32 root = s.root();
    AccountConfig config = s.account(ACCOUNT).orElseThrow();
    Other a = Other.of("a");

    failingTree.failPutAll = true;
    assertThatThrownBy(() -> s.applyBatch(List.of(rotate(OWNER, 1, NEW_OWNER), a.create()), T0))
        .hasMessageContaining("injected");

    assertThat(s.root()).isEqualTo(root);
    assertThat(s.account(ACCOUNT)).contains(config);
    assertThat(s.account(a.address())).isEmpty();
    assertThat(configStore.size()).isEqualTo(1);
    failingTree.failPutAll = false;
    assertThat(s.applyBatch(List.of(rotate(OWNER, 1, NEW_OWNER), a.create()), T0).applied())
        .hasSize(2);
  }

  @Test
  void configStoreThatDisagreesWithTheTreeIsAnErrorNotAWrongAnswer() {
    applied(state.apply(create(), T0));
    configStore.putAll(
        Map.of(ACCOUNT, TxCodec.encodeConfig(AccountConfig.initial(INITIAL).withNonce(9))));
    // A fresh instance over the same stores (as after a restart) has nothing cached.
    KeystoreState restarted = new KeystoreState(treeStore, configStore, DOMAIN);
    Bytes32 root = restarted.root();
    assertThatThrownBy(() -> restarted.account(ACCOUNT)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> restarted.apply(rotate(OWNER, 9, NEW_OWNER), T0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> restarted.proof(ACCOUNT)).isInstanceOf(IllegalStateException.class);
    assertThat(restarted.root()).isEqualTo(root);
    // The instance that wrote the account knows its configuration by the leaf value alone.
    assertThat(state.account(ACCOUNT).orElseThrow().nonce()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- the thief scenario

  @Test
  void thiefScenarioThroughTheStateEndsWithTheRecoveredOwnerInTheLeaf() {
    applied(state.apply(create(), T0 - 60));
    AccountConfig c = state.account(ACCOUNT).orElseThrow();

    // The thief, with the owner key, rotates it and asks for weaker guardians and higher limits.
    Settings thiefsWish = new Settings(THIEF.publicKey(), guardians(1, 3600, THIEF), HIGH_RULES);
    TxOutcome.Applied stolen =
        applied(
            state.apply(
                SIGNING.updateConfig(OWNER, ACCOUNT, c.nonce(), thiefsWish, Optional.empty()), T0));
    assertThat(stolen.effects()).contains(Effect.OWNER_ROTATED, Effect.UPDATE_PENDING);
    assertRejected(
        state.apply(new Transaction.FinaliseRecovery(ACCOUNT), T0 + DAY - 1),
        RejectionReason.DELAY_NOT_PASSED);

    // Two guardians approve a recovery to the user's new key, in one batch.
    c = state.account(ACCOUNT).orElseThrow();
    BatchResult approvals =
        state.applyBatch(
            List.of(
                SIGNING.approveRecovery(
                    G0, ACCOUNT, 0, NEW_OWNER.publicKey(), c.recoveryEpoch(), Optional.empty()),
                SIGNING.approveRecovery(
                    G2, ACCOUNT, 2, NEW_OWNER.publicKey(), c.recoveryEpoch(), Optional.empty()),
                SIGNING.approveRecovery(
                    G1, ACCOUNT, 1, THIEF.publicKey(), c.recoveryEpoch(), Optional.empty())),
            T0 + 3600);
    assertThat(approvals.outcomes())
        .extracting(TxOutcome::isApplied)
        .containsExactly(true, true, false);
    assertThat(approvals.rejected().get(0).reason())
        .isEqualTo(RejectionReason.RECOVERY_IN_PROGRESS);
    assertThat(approvals.applied().get(1).effects()).contains(Effect.PENDING_UPDATE_DROPPED);

    // When the thief's change would have come due, nothing weakens.
    assertRejected(
        state.apply(new Transaction.FinaliseRecovery(ACCOUNT), T0 + DAY),
        RejectionReason.DELAY_NOT_PASSED);
    // After the delay, anyone finalises.
    TxOutcome.Applied done =
        applied(state.apply(new Transaction.FinaliseRecovery(ACCOUNT), T0 + 3600 + DAY));
    assertThat(done.effects()).contains(Effect.RECOVERY_FINALISED);

    AccountConfig recovered = state.account(ACCOUNT).orElseThrow();
    assertThat(recovered.owner()).isEqualTo(NEW_OWNER.publicKey());
    assertThat(recovered.guardianSet()).isEqualTo(GUARDIANS);
    assertThat(recovered.spendingRulesHash()).isEqualTo(RULES);
    Leaf leaf = new IndexedMerkleTree(treeStore).get(KeystoreState.treeKey(ACCOUNT)).orElseThrow();
    assertThat(leaf.value()).isEqualTo(leafValue(recovered));
    AccountProof.Member proof = (AccountProof.Member) state.proof(ACCOUNT);
    assertThat(proof.config().owner()).isEqualTo(NEW_OWNER.publicKey());
    assertThat(proof.verify()).isTrue();
    // The thief's key signs nothing any more.
    assertRejected(
        state.apply(
            SIGNING.updateConfig(THIEF, ACCOUNT, recovered.nonce(), thiefsWish, Optional.empty()),
            T0 + 2 * DAY),
        RejectionReason.WRONG_SIGNER);
  }

  @Test
  void eachBatchReachesTheStoreInOneCommitCallWithItsTreeChangesAndConfigurations() {
    List<Map<Address, Bytes>> commits = new java.util.ArrayList<>();
    StateStore inner = StateStore.of(new MemoryTreeStore(), new MemoryConfigStore());
    StateStore recording =
        new StateStore() {
          @Override
          public io.keystore.state.tree.TreeStore tree() {
            return inner.tree();
          }

          @Override
          public ConfigStore configs() {
            return inner.configs();
          }

          @Override
          public void commit(TreeChanges treeChanges, Map<Address, Bytes> configWrites) {
            assertThat(treeChanges.isEmpty()).isFalse();
            commits.add(Map.copyOf(configWrites));
            inner.commit(treeChanges, configWrites);
          }
        };
    KeystoreState s = new KeystoreState(recording, DOMAIN);
    Other a = Other.of("a");
    s.applyBatch(List.of(create(), a.create(), rotate(OWNER, 1, NEW_OWNER)), T0);
    assertThat(commits).hasSize(1);
    assertThat(commits.get(0).keySet()).containsExactlyInAnyOrder(ACCOUNT, a.address());
    assertThat(commits.get(0).get(ACCOUNT))
        .isEqualTo(TxCodec.encodeConfig(s.account(ACCOUNT).orElseThrow()));

    // A batch in which nothing applies stores nothing.
    s.applyBatch(List.of(rotate(OWNER, 1, NEW_OWNER)), T0);
    assertThat(commits).hasSize(1);
  }

  // ---------------------------------------------------------------- failing stores

  /** A config store whose reads throw once a budget is spent. */
  static final class FailingConfigStore implements ConfigStore {
    final MemoryConfigStore delegate = new MemoryConfigStore();
    final AtomicInteger failGetAfter = new AtomicInteger(Integer.MAX_VALUE);

    @Override
    public Optional<Bytes> get(Address account) {
      if (failGetAfter.getAndDecrement() <= 0) {
        throw new IllegalStateException("injected config store failure");
      }
      return delegate.get(account);
    }

    @Override
    public void putAll(Map<Address, Bytes> entries) {
      delegate.putAll(entries);
    }

    @Override
    public void removeAll(Collection<Address> accounts) {
      delegate.removeAll(accounts);
    }
  }

  /** A memory tree store whose batch commit can be made to throw before writing anything. */
  static final class FailingTreeStore extends ForwardingTreeStore {
    boolean failPutAll;

    FailingTreeStore() {
      super(new MemoryTreeStore());
    }

    @Override
    public void putAll(TreeChanges changes) {
      if (failPutAll) {
        throw new IllegalStateException("injected tree store failure");
      }
      super.putAll(changes);
    }
  }
}
