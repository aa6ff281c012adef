package io.keystore.node;

import static io.keystore.node.TwoChainDevnet.DEV;
import static io.keystore.node.TwoChainDevnet.key;
import static io.keystore.node.TwoChainDevnet.noop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.devtools.DevDefaults;
import io.keystore.l1.RollupDeployment;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.l2.contracts.KeystoreProofVerifier;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.node.cli.account.CliRun;
import io.keystore.sdk.AccountFrozenException;
import io.keystore.sdk.Accounts;
import io.keystore.sdk.KeystoreRpcException;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.MiniAccountSignatures;
import io.keystore.sdk.MiniAccountSignatures.Mode;
import io.keystore.sdk.PackedUserOperation;
import io.keystore.sdk.PreparedUserOperation;
import io.keystore.sdk.Receipt;
import io.keystore.sdk.SelfBundler;
import io.keystore.sdk.TxStatus;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TypedData;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Social recovery on the real devnet pieces: the node (H2, batch-1 proofs) on an L1 anvil, the L2
 * anvil with the EntryPoint, root oracle and account factory, and the relayer. Guardians sign
 * EIP-712 approvals built by the SDK; the recovery delay (the minimum, 3600 s) passes by moving
 * both chains' clocks forward as the devnet does ({@code keystore-node devnet-time advance}), and
 * the node follows L1's time. After the recovery, the lost key still works against the previous
 * root until that root's freshness window ends in L2 time, and no longer after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocialRecoveryEndToEndTest {

  static final long DELAY = GuardianSet.MIN_RECOVERY_DELAY;
  static final BigInteger ETHER = BigInteger.TEN.pow(18);
  static final Duration PROVEN_IN = Duration.ofMinutes(4);

  /** The devnet L1 contract's forceDeadline. */
  static final long FORCE_DEADLINE = RollupDeployment.FORCE_DEADLINE.longValueExact();

  /** The selector of the mini-account's RecoveryInProgress(uint64), in the EntryPoint's AA23. */
  static final String RECOVERY_IN_PROGRESS =
      Keccak256.hash("RecoveryInProgress(uint64)".getBytes(StandardCharsets.UTF_8))
          .slice(0, 4)
          .toUnprefixedHexString();

  /** One ether a day: the account's original limit. */
  static final SpendingRules RULES =
      SpendingRules.of(new SpendingRule(SpendingRule.NATIVE, 86_400, ETHER));

  @TempDir static Path dataDir;
  static TwoChainDevnet net;
  static KeystoreTransactions txs;

  @BeforeAll
  static void start() throws Exception {
    net = TwoChainDevnet.start(dataDir);
    txs = new KeystoreTransactions(net.keystore.domain());
  }

  @AfterAll
  static void stop() throws Exception {
    if (net != null) {
      net.close();
    }
  }

  @Test
  @Order(1)
  void twoOfThreeGuardiansRecoverALostOwnerKeyAfterTheDelayAndTheL2AccountFollows()
      throws Exception {
    PrivateKey lost = key(201);
    List<PrivateKey> guardians = List.of(key(202), key(203), key(204));
    PrivateKey recovered = key(205);
    // the owner used the (counterfactual) account once on L2, then lost the key
    AccountCreation creation = createAndUseOnL2(201, lost, guardians);
    Address account = creation.address();

    Bytes32 firstApprovalRoot = approveAndSync(creation, guardians.get(0), recovered.publicKey());
    assertThat(
            net.keystore
                .getAccount(account)
                .orElseThrow()
                .pendingRecovery()
                .orElseThrow()
                .reachedThreshold())
        .isFalse();
    assertRefused(new Transaction.FinaliseRecovery(account), "THRESHOLD_NOT_REACHED");
    long approvedAt = approve(creation, guardians.get(2), recovered.publicKey());
    var pending = net.keystore.getAccount(account).orElseThrow().pendingRecovery().orElseThrow();
    assertThat(pending.reachedThreshold()).isTrue();
    assertThat(pending.executableAfter()).isEqualTo(approvedAt + DELAY);
    assertThat(pending.proposedOwner()).isEqualTo(recovered.publicKey());
    assertRefused(new Transaction.FinaliseRecovery(account), "DELAY_NOT_PASSED");

    moveTimeForward(DELAY);
    Bytes32 lastWithLostKey =
        net.keystore.getStateRoot(); // the second approval's: the recovery at its threshold
    Bytes32 finalised = finalise(account);

    AccountConfig after = net.keystore.getAccount(account).orElseThrow();
    assertThat(after.owner()).isEqualTo(recovered.publicKey());
    assertThat(after.guardianSet().guardians()).isEqualTo(publicKeys(guardians));
    assertThat(after.pendingRecovery()).isEmpty();
    assertThat(after.recoveryEpoch()).isEqualTo(1);
    assertThat(net.rollup().latestRoot().send()).isEqualTo(finalised.toArray());
    net.awaitOracleRoot(finalised);

    PreparedUserOperation op =
        net.accounts.prepare(account, Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    assertThat(op.root()).isEqualTo(finalised);
    assertThat(op.verified().owner()).isEqualTo(recovered.publicKey());
    assertThat(net.bundler.simulate(op.sign(lost)))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA24 signature error"));
    assertThat(net.bundler.simulate(op.sign(guardians.get(0))))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA24 signature error"));
    SelfBundler.Outcome outcome = net.bundler.submit(op.sign(recovered));
    assertThat(outcome.success()).as("%s", outcome.revertReason()).isTrue();

    // README, "when the lost key stops working on L2": at the previous root (the second
    // approval's, which the oracle still knows) the recovery is at its threshold, so the account
    // is frozen there (mini-account.md §4): the SDK refuses to sign, and an operation signed
    // anyway fails validation (RecoveryInProgress); the finalised root superseded it, so it
    // expires rootGrace after that sync in any case
    long oldRootTime = oracle().rootL1Time(lastWithLostKey.toArray()).send().longValueExact();
    assertThat(oldRootTime).as("the relayer synced the second approval's root").isPositive();
    PreparedUserOperation stale =
        net.accounts.prepareAt(
            lastWithLostKey, account, Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    assertThat(stale.verified().owner()).isEqualTo(lost.publicKey());
    assertThat(stale.verified().frozen()).isTrue();
    assertThatThrownBy(() -> stale.sign(lost)).isInstanceOf(AccountFrozenException.class);
    assertThat(net.bundler.simulate(signAnyway(stale, lost)))
        .as("the lost key at a root where the account is frozen")
        .hasValueSatisfying(
            reason ->
                assertThat(reason).startsWith("AA23 reverted").contains(RECOVERY_IN_PROGRESS));
    assertThat(oracle().rootStatus(lastWithLostKey.toArray()).send().component2())
        .as("superseded by the finalised root")
        .isPositive();
    // and the root before the threshold is refused once L2's clock passes its grace
    PreparedUserOperation beforeThreshold = stalePrepared(firstApprovalRoot, account, creation);
    long graceEnd =
        oracle().rootStatus(firstApprovalRoot.toArray()).send().component2().longValueExact()
            + net.contracts.rootGrace();
    if (l2Time() <= graceEnd) {
      moveTimeForward(graceEnd + 1 - l2Time());
    }
    assertThat(net.bundler.simulate(beforeThreshold.sign(lost)))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA22 expired or not due"));
  }

  /**
   * transactions.md §6.8: a thief with only the owner key cannot lock the guardians out or raise
   * the limits before they react.
   */
  @Test
  @Order(2)
  void
      aThiefWithTheOwnerKeyCannotReplaceTheGuardiansOrRaiseTheLimitsWhenTheGuardiansReactWithinTheDelay()
          throws Exception {
    PrivateKey stolen = key(301);
    List<PrivateKey> guardians = List.of(key(302), key(303), key(304));
    PrivateKey thief = key(305);
    PrivateKey thiefGuardian = key(306);
    PrivateKey rescue = key(307);
    AccountCreation creation = createAndUseOnL2(301, stolen, guardians);
    Address account = creation.address();

    // the thief rotates to a key of his own, names his own guardian and raises the limit to 1,000
    // ether a day
    SpendingRules raised =
        SpendingRules.of(
            new SpendingRule(
                SpendingRule.NATIVE, 86_400, ETHER.multiply(BigInteger.valueOf(1000))));
    GuardianSet thiefGuardians = new GuardianSet(List.of(thiefGuardian.publicKey()), 1, DELAY);
    Transaction takeover =
        txs.updateSettings(
                net.keystore.getAccountState(account, Optional.of(creation)),
                new Settings(thief.publicKey(), thiefGuardians, raised.hash()))
            .sign(stolen);
    net.keystore.waitForStatus(net.keystore.sendTransaction(takeover), TxStatus.BATCHED, PROVEN_IN);
    AccountConfig stolenConfig = net.keystore.getAccount(account).orElseThrow();
    assertThat(stolenConfig.owner()).isEqualTo(thief.publicKey());
    assertThat(stolenConfig.guardianSet().guardians()).isEqualTo(publicKeys(guardians));
    assertThat(stolenConfig.spendingRulesHash()).isEqualTo(RULES.hash());
    assertThat(stolenConfig.pendingUpdate())
        .hasValueSatisfying(
            u -> {
              assertThat(u.guardianSet()).isEqualTo(thiefGuardians);
              assertThat(u.spendingRulesHash()).isEqualTo(raised.hash());
            });
    assertRefused(new Transaction.FinaliseRecovery(account), "DELAY_NOT_PASSED");

    // the guardians react within the delay: two approvals of a new owner key drop the pending
    // update
    approve(creation, guardians.get(1), rescue.publicKey());
    approve(creation, guardians.get(0), rescue.publicKey());
    AccountConfig defended = net.keystore.getAccount(account).orElseThrow();
    assertThat(defended.pendingUpdate()).isEmpty();
    assertThat(defended.pendingRecovery())
        .hasValueSatisfying(r -> assertThat(r.reachedThreshold()).isTrue());
    // the thief asks again, with the key he now holds: pending once more, but behind the guardians'
    // recovery
    Transaction again =
        txs.updateSettings(
                net.keystore.getAccountState(account, Optional.empty()),
                new Settings(thief.publicKey(), thiefGuardians, raised.hash()))
            .sign(thief);
    net.keystore.waitForStatus(net.keystore.sendTransaction(again), TxStatus.BATCHED, PROVEN_IN);
    assertThat(net.keystore.getAccount(account).orElseThrow().pendingUpdate()).isPresent();

    moveTimeForward(DELAY);
    Bytes32 finalised = finalise(account);

    AccountConfig after = net.keystore.getAccount(account).orElseThrow();
    assertThat(after.owner())
        .as("the guardians' new owner holds the account")
        .isEqualTo(rescue.publicKey());
    assertThat(after.guardianSet())
        .as("the thief's guardian set never took effect")
        .isEqualTo(new GuardianSet(publicKeys(guardians), 2, DELAY));
    assertThat(after.spendingRulesHash())
        .as("the thief's limit never took effect")
        .isEqualTo(RULES.hash());
    assertThat(after.pendingUpdate()).isEmpty();
    assertThat(after.pendingRecovery()).isEmpty();
    assertThatThrownBy(
            () -> txs.finaliseRecovery(net.keystore.getAccountState(account, Optional.empty())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no recovery or update is pending");

    // L2 sees the same through the proof against L1's root
    net.awaitOracleRoot(finalised);
    PreparedUserOperation op =
        net.accounts.prepare(account, Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    assertThat(op.root()).isEqualTo(finalised);
    assertThat(op.verified().owner()).isEqualTo(rescue.publicKey());
    assertThat(op.verified().spendingRulesHash()).isEqualTo(RULES.hash());
    var frontier = oracle().frontier(finalised.toArray()).send();
    var proven =
        KeystoreProofVerifier.load(
                net.contracts.verifier(), net.l2.web3j(), reader(), new DefaultGasProvider())
            .verify(
                account.toBigInteger(),
                BigInteger.ONE, // the owner key scheme: secp256k1
                frontier.component1(),
                frontier.component2(),
                op.proof().toArray())
            .send();
    assertThat(proven.component1()).isEqualTo(rescue.publicKey().x());
    assertThat(proven.component3())
        .as("the spending rules hash on L2 is the original one")
        .isEqualTo(RULES.hash().toBigInteger());
    for (PrivateKey refused : List.of(thief, stolen, thiefGuardian)) {
      assertThat(net.bundler.simulate(op.sign(refused)))
          .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA24 signature error"));
    }
    SelfBundler.Outcome outcome = net.bundler.submit(op.sign(rescue));
    assertThat(outcome.success()).as("%s", outcome.revertReason()).isTrue();
  }

  /**
   * transactions.md §6.8, property 1: a thief holding only the owner key rotates it, then cancels
   * the guardians' recovery, directly and forced through L1; neither cancel is applied, and the
   * guardians' key holds the account within T = recoveryDelay + forceDeadline of the threshold.
   * Meanwhile the L2 mini-account refuses the thief's key against the frozen root and, after the
   * grace, against the roots before it; afterwards it takes the new key and refuses both old ones.
   */
  @Test
  @Order(3)
  void theThiefCannotStallARecoveryByRotatingTheKeyAndCancellingAndL2RefusesHisKeyMeanwhile()
      throws Exception {
    PrivateKey stolen = key(401);
    List<PrivateKey> guardians = List.of(key(402), key(403), key(404));
    PrivateKey thief = key(405);
    PrivateKey rescue = key(406);
    AccountCreation creation = createAndUseOnL2(401, stolen, guardians);
    Address account = creation.address();

    // the thief rotates the owner to his own key, and uses it on L2
    Transaction rotation =
        txs.updateSettings(
                net.keystore.getAccountState(account, Optional.of(creation)),
                new Settings(
                    thief.publicKey(),
                    new GuardianSet(publicKeys(guardians), 2, DELAY),
                    RULES.hash()))
            .sign(stolen);
    Bytes32 rotated =
        net.keystore
            .waitForStatus(net.keystore.sendTransaction(rotation), TxStatus.FINALISED, PROVEN_IN)
            .newRoot()
            .orElseThrow();
    net.awaitOracleRoot(rotated);
    assertThat(
            net.bundler
                .submit(
                    net.accounts
                        .prepare(
                            account, Optional.of(creation), noop(), Mode.PROOF, Optional.empty())
                        .sign(thief))
                .success())
        .isTrue();

    // the guardians approve a new key: the first approval's root is synced to L2 before the second
    Bytes32 underThreshold = approveAndSync(creation, guardians.get(0), rescue.publicKey());
    long thresholdAt = approve(creation, guardians.get(2), rescue.publicKey());
    assertThat(net.keystore.getAccount(account).orElseThrow().pendingRecovery())
        .hasValueSatisfying(r -> assertThat(r.executableAfter()).isEqualTo(thresholdAt + DELAY));

    // the thief's cancel, signed with the key he holds, is refused by the node ...
    AccountConfig cur = net.keystore.getAccount(account).orElseThrow();
    Transaction cancel =
        new Transaction.CancelRecovery(
            account,
            cur.nonce(),
            thief.sign(
                net.keystore
                    .domain()
                    .digest(TypedData.cancelRecoveryStructHash(account, cur.nonce()))));
    assertRefused(cancel, "GUARDIAN_VETO_REQUIRED");
    // ... and, forced through L1's queue, rejected by proof
    KeystoreRollup asThief =
        KeystoreRollup.load(
            net.chain.rollup,
            net.chain.anvil.web3j(),
            Credentials.create(DevDefaults.BUNDLER_PRIVATE_KEY),
            new DefaultGasProvider());
    asThief
        .forceInclude(TxCodec.encode(cancel).toArray(), thief.publicKey().toXY().toArray())
        .send();
    Receipt forced = net.keystore.waitForStatus(TxCodec.hash(cancel), TxStatus.REJECTED, PROVEN_IN);
    assertThat(forced.reason()).contains("GUARDIAN_VETO_REQUIRED");
    assertThat(net.keystore.getAccount(account).orElseThrow().pendingRecovery())
        .hasValueSatisfying(r -> assertThat(r.proposedOwner()).isEqualTo(rescue.publicKey()));

    // L2: the frozen root refuses the thief's key; the root before it, only after the grace
    Bytes32 frozen = net.keystore.getStateRoot();
    awaitL1Root(frozen);
    net.awaitOracleRoot(frozen);
    PreparedUserOperation atFrozen = stalePrepared(frozen, account, creation);
    assertThatThrownBy(() -> atFrozen.sign(thief)).isInstanceOf(AccountFrozenException.class);
    assertThat(net.bundler.simulate(signAnyway(atFrozen, thief)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason).startsWith("AA23 reverted").contains(RECOVERY_IN_PROGRESS));
    long supersededAt =
        oracle().rootStatus(underThreshold.toArray()).send().component2().longValue();
    long grace = net.contracts.rootGrace();
    assertThat(supersededAt).as("the threshold's root superseded the one before").isPositive();
    PreparedUserOperation preFreeze = stalePrepared(underThreshold, account, creation);
    if (l2Time() < supersededAt + grace) {
      assertThat(net.bundler.simulate(preFreeze.sign(thief))).as("within the grace").isEmpty();
    }
    moveTimeForward(supersededAt + grace + 1 - l2Time());
    assertThat(net.bundler.simulate(preFreeze.sign(thief)))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA22 expired or not due"));

    // the delay passes; the recovery is finalised within T of the threshold
    moveTimeForward(DELAY);
    Receipt finalised = finaliseReceipt(account);
    long finalisedAt =
        net.keystore.getBatch(finalised.nodeBatch().orElseThrow()).orElseThrow().time();
    assertThat(finalisedAt - thresholdAt)
        .as("T = recoveryDelay + forceDeadline")
        .isBetween(DELAY, DELAY + FORCE_DEADLINE);
    AccountConfig after = net.keystore.getAccount(account).orElseThrow();
    assertThat(after.owner()).isEqualTo(rescue.publicKey());
    assertThat(after.guardianSet()).isEqualTo(new GuardianSet(publicKeys(guardians), 2, DELAY));
    assertThat(after.recoveryEpoch()).isEqualTo(1);

    // L2 takes the new key, and refuses both old ones
    Bytes32 newRoot = finalised.newRoot().orElseThrow();
    net.awaitOracleRoot(newRoot);
    PreparedUserOperation op =
        net.accounts.prepare(account, Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    assertThat(op.root()).isEqualTo(newRoot);
    for (PrivateKey refused : List.of(thief, stolen)) {
      assertThat(net.bundler.simulate(op.sign(refused)))
          .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA24 signature error"));
      assertThat(net.bundler.simulate(stalePrepared(rotated, account, creation).sign(refused)))
          .isPresent();
    }
    SelfBundler.Outcome outcome = net.bundler.submit(op.sign(rescue));
    assertThat(outcome.success()).as("%s", outcome.revertReason()).isTrue();
  }

  /** A guardian's approval, finalised on L1 and synced to L2; returns its root. */
  private static Bytes32 approveAndSync(
      AccountCreation creation, PrivateKey guardian, PublicKey newOwner) throws Exception {
    Transaction approval =
        txs.approveRecovery(
                net.keystore.getAccountState(creation.address(), Optional.of(creation)),
                guardian.publicKey(),
                newOwner)
            .sign(guardian);
    Bytes32 root =
        net.keystore
            .waitForStatus(net.keystore.sendTransaction(approval), TxStatus.FINALISED, PROVEN_IN)
            .newRoot()
            .orElseThrow();
    net.awaitOracleRoot(root);
    return root;
  }

  /** Waits until L1 records {@code root} (the node proves and submits its batches in turn). */
  private static void awaitL1Root(Bytes32 root) throws Exception {
    Instant deadline = Instant.now().plus(PROVEN_IN);
    while (!Bytes32.wrap(net.rollup().latestRoot().send()).equals(root)) {
      assertThat(Instant.now()).as("L1 records root %s", root).isBefore(deadline);
      Thread.sleep(500);
    }
  }

  /** Signs past the SDK's frozen-account check, as a thief's own tooling would. */
  private static PackedUserOperation signAnyway(PreparedUserOperation op, PrivateKey key) {
    return op.op()
        .withSignature(
            MiniAccountSignatures.withProof(
                op.mode(),
                op.root(),
                MiniAccountSignatures.signUserOp(key, op.userOpHash()),
                op.proof(),
                op.rules()));
  }

  /** A user operation proven against an older root the oracle knows. */
  private static PreparedUserOperation stalePrepared(
      Bytes32 root, Address account, AccountCreation creation) throws Exception {
    assertThat(oracle().rootL1Time(root.toArray()).send().longValueExact())
        .as("the relayer synced root %s", root)
        .isPositive();
    return net.accounts.prepareAt(
        root, account, Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
  }

  /**
   * A counterfactual account with two of three guardians, the minimum delay and {@link #RULES},
   * funded on L2 and used there once by its owner.
   */
  private static AccountCreation createAndUseOnL2(
      long salt, PrivateKey owner, List<PrivateKey> guardians) throws Exception {
    AccountCreation creation =
        Accounts.create(
            Fr.of(salt),
            Accounts.settings(owner.publicKey(), publicKeys(guardians), 2, DELAY, RULES));
    net.fund(creation);
    SelfBundler.Outcome used =
        net.bundler.submit(
            net.accounts
                .prepare(
                    creation.address(),
                    Optional.of(creation),
                    noop(),
                    Mode.PROOF,
                    Optional.of(RULES))
                .sign(owner));
    assertThat(used.success()).as("%s", used.revertReason()).isTrue();
    return creation;
  }

  /** A guardian's approval, batched; returns the batch time it was applied at. */
  private static long approve(AccountCreation creation, PrivateKey guardian, PublicKey newOwner) {
    Transaction approval =
        txs.approveRecovery(
                net.keystore.getAccountState(creation.address(), Optional.of(creation)),
                guardian.publicKey(),
                newOwner)
            .sign(guardian);
    var receipt =
        net.keystore.waitForStatus(
            net.keystore.sendTransaction(approval), TxStatus.BATCHED, PROVEN_IN);
    return net.keystore.getBatch(receipt.batch().orElseThrow()).orElseThrow().time();
  }

  /** Finalises once the node has seen L1's new time; returns the root L1 recorded for it. */
  private static Bytes32 finalise(Address account) throws Exception {
    return finaliseReceipt(account).newRoot().orElseThrow();
  }

  /** Finalises once the node has seen L1's new time; returns its finalised receipt. */
  private static Receipt finaliseReceipt(Address account) throws Exception {
    Transaction tx = txs.finaliseRecovery(net.keystore.getAccountState(account, Optional.empty()));
    Instant deadline = Instant.now().plusSeconds(15);
    Bytes32 hash;
    while (true) {
      try {
        hash = net.keystore.sendTransaction(tx);
        break;
      } catch (KeystoreRpcException e) {
        if (!e.rejectionReason().equals(Optional.of("DELAY_NOT_PASSED"))
            || Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(250); // the node reads L1's time every second
      }
    }
    return net.keystore.waitForStatus(hash, TxStatus.FINALISED, PROVEN_IN);
  }

  private static void assertRefused(Transaction tx, String reason) {
    assertThatThrownBy(() -> net.keystore.sendTransaction(tx))
        .isInstanceOfSatisfying(
            KeystoreRpcException.class, e -> assertThat(e.rejectionReason()).contains(reason));
  }

  /**
   * Moves both chains' clocks forward as the devnet does ({@code devnet-time advance}; the relayer
   * carries L1's to L2's DevL1Block).
   */
  private static void moveTimeForward(long seconds) {
    CliRun run =
        CliRun.run(
            "devnet-time",
            "advance",
            "--l1-rpc",
            net.chain.anvil.url(),
            "--l2-rpc",
            net.l2.url(),
            Long.toString(seconds));
    assertThat(run.exitCode()).as("%s", run).isZero();
  }

  private static long l2Time() throws Exception {
    return net.l2.latestBlockTime();
  }

  private static KeystoreRootOracle oracle() {
    return KeystoreRootOracle.load(
        net.contracts.oracle(), net.l2.web3j(), reader(), new DefaultGasProvider());
  }

  private static List<PublicKey> publicKeys(List<PrivateKey> keys) {
    return keys.stream().map(PrivateKey::publicKey).toList();
  }

  private static ReadonlyTransactionManager reader() {
    return new ReadonlyTransactionManager(net.l2.web3j(), DEV.getAddress());
  }
}
