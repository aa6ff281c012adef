package io.keystore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.l2.L2Deployment;
import io.keystore.l2.RootRelayer;
import io.keystore.l2.contracts.KeystoreAccount;
import io.keystore.l2.contracts.KeystoreProofVerifier;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.node.devnet.AnvilProcess;
import io.keystore.sdk.Accounts;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.MiniAccountClient;
import io.keystore.sdk.MiniAccountSignatures;
import io.keystore.sdk.MiniAccountSignatures.Mode;
import io.keystore.sdk.PackedUserOperation;
import io.keystore.sdk.PreparedUserOperation;
import io.keystore.sdk.SelfBundler;
import io.keystore.sdk.TxStatus;
import io.keystore.sdk.UserOperations;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The keystore reaching an L2, end to end: the real node (H2, batch-1 proofs) on an L1 anvil, an
 * L2 anvil with DevL1Block, the real EntryPoint v0.7 (through the CREATE2 deployer), the
 * verifier, the root oracle and the account factory, and the devnet relayer syncing L1's root.
 * User operations are built by the SDK (proofs from the node at the oracle's root), signed with
 * keystore keys and submitted with handleOps by a funded key. The stale-root test warps the L2
 * clock, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniAccountEndToEndTest {

  static final long L2_CHAIN_ID = TwoChainDevnet.L2_CHAIN_ID;
  static final long MAX_ROOT_AGE = TwoChainDevnet.MAX_ROOT_AGE;
  static final BigInteger ETHER = BigInteger.TEN.pow(18);
  static final BigInteger FINNEY = BigInteger.TEN.pow(15);
  static final Credentials BUNDLER = TwoChainDevnet.BUNDLER;
  static final Credentials DEV = TwoChainDevnet.DEV;

  @TempDir static Path dataDir;
  static TwoChainDevnet net;
  static DevChain chain;
  static KeystoreNode node;
  static AnvilProcess l2;
  static L2Deployment.Contracts contracts;
  static RootRelayer relayer;
  static KeystoreClient keystore;
  static MiniAccountClient accounts;
  static SelfBundler bundler;
  static KeystoreRootOracle oracle;

  @BeforeAll
  static void start() throws Exception {
    net = TwoChainDevnet.start(dataDir);
    chain = net.chain;
    node = net.node;
    l2 = net.l2;
    contracts = net.contracts;
    relayer = net.relayer;
    keystore = net.keystore;
    accounts = net.accounts;
    bundler = net.bundler;
    oracle = KeystoreRootOracle.load(contracts.oracle(), l2.web3j(), new ReadonlyTransactionManager(l2.web3j(), DEV.getAddress()), new DefaultGasProvider());
  }

  @AfterAll
  static void stop() throws Exception {
    if (net != null) {
      net.close();
    }
  }

  private static PrivateKey key(long seed) {
    return TwoChainDevnet.key(seed);
  }

  private static Bytes noop() {
    return TwoChainDevnet.noop();
  }

  private static String fund(AccountCreation creation) throws Exception {
    return net.fund(creation);
  }

  private static void awaitOracleRoot(Bytes32 root) throws Exception {
    net.awaitOracleRoot(root);
  }

  private static KeystoreRollup rollup() {
    return net.rollup();
  }

  @Test
  @Order(1)
  void theL2ContractsSitAtTheirAddressesAndTheRelayerSyncedTheGenesisRoot() throws Exception {
    assertThat(contracts.entryPoint()).isEqualToIgnoringCase(UserOperations.ENTRY_POINT_V07);
    assertThat(contracts.l1Block()).isEqualToIgnoringCase(L2Deployment.L1_BLOCK_PREDEPLOY);
    for (String a : List.of(contracts.entryPoint(), contracts.factory(), contracts.oracle(), contracts.verifier(), contracts.l1Block())) {
      assertThat(code(a)).as(a).isNotEqualTo("0x");
    }
    assertThat(accounts.latestRoot()).isEqualTo(TreeHashing.genesisRoot().toBytes());
    assertThat(relayer.relayedBlocks()).isPositive();
  }

  @Test
  @Order(2)
  void aCounterfactualAccountRunsAUserOperationSignedByItsInitialKeyThroughTheEntryPoint() throws Exception {
    PrivateKey owner = key(101);
    AccountCreation creation = Accounts.create(Fr.of(101), Accounts.ownerOnly(owner.publicKey(), 3600));
    String sender = fund(creation);
    String recipient = "0x000000000000000000000000000000000000bEEF";

    PreparedUserOperation prepared = accounts.prepare(creation.address(), Optional.of(creation),
        UserOperations.execute(recipient, FINNEY.multiply(BigInteger.TEN), Bytes.EMPTY), Mode.PROOF, Optional.empty());
    PackedUserOperation op = prepared.sign(owner);

    assertThat(prepared.verified().member()).isFalse();
    assertThat(op.initCode().isEmpty()).isFalse();
    var frontier = oracle.frontier(prepared.root().toArray()).send();
    var proven = KeystoreProofVerifier.load(contracts.verifier(), l2.web3j(), new ReadonlyTransactionManager(l2.web3j(), DEV.getAddress()),
        new DefaultGasProvider()).verify(creation.address().toBigInteger(), frontier.component1(), frontier.component2(), prepared.proof().toArray()).send();
    assertThat(proven.component1()).isEqualTo(owner.publicKey().x());
    assertThat(proven.component2()).isEqualTo(owner.publicKey().y());
    assertThat(bundler.userOpHashOnChain(op)).isEqualTo(prepared.userOpHash());
    SelfBundler.Outcome outcome = bundler.submit(op);
    assertThat(outcome.success()).as("%s", outcome.revertReason()).isTrue();
    assertThat(code(sender)).isNotEqualTo("0x");
    assertThat(balance(recipient)).isEqualTo(FINNEY.multiply(BigInteger.TEN));
    System.out.println("l2_e2e_userop_counterfactual_gas: " + outcome.receipt().getGasUsed());
  }

  @Test
  @Order(3)
  void aCachedKeySignsTheNextOperationAndAReplayedOperationIsRefused() throws Exception {
    PrivateKey owner = key(102);
    AccountCreation creation = Accounts.create(Fr.of(102), Accounts.ownerOnly(owner.publicKey(), 3600));
    fund(creation);
    PackedUserOperation deploying = accounts.prepare(creation.address(), Optional.of(creation), noop(), Mode.PROOF_AND_CACHE, Optional.empty())
        .sign(owner);
    assertThat(bundler.submit(deploying).success()).isTrue();
    String sender = accounts.accountOf(creation.address());
    KeystoreAccount account = KeystoreAccount.load(sender, l2.web3j(), new ReadonlyTransactionManager(l2.web3j(), DEV.getAddress()), new DefaultGasProvider());
    Bytes32 root = accounts.latestRoot();
    assertThat(account.cachedKey(sender, creation.address().toBigInteger(), root.toArray()).send().component1())
        .isEqualToIgnoringCase(owner.publicKey().ethereumAddress().toChecksumHex());
    // the second operation uses the cached key (mode 0: no proof)
    PreparedUserOperation second = accounts.prepare(creation.address(), Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    PackedUserOperation op = second.op().withSignature(
        MiniAccountSignatures.cached(second.root(), MiniAccountSignatures.signUserOp(owner, second.userOpHash())));
    assertThat(op.initCode().isEmpty()).isTrue();
    assertThat(op.signature().size()).isEqualTo(98);
    assertThat(bundler.submit(op).success()).isTrue();

    assertThat(bundler.simulate(op)).hasValueSatisfying(reason -> assertThat(reason).startsWith("AA25 invalid account nonce"));
    assertThat(bundler.simulate(deploying)).hasValueSatisfying(reason -> assertThat(reason).startsWith("AA10 sender already constructed"));
  }

  @Test
  @Order(3)
  void aForgedProofIsRefused() throws Exception {
    PrivateKey owner = key(103);
    AccountCreation creation = Accounts.create(Fr.of(103), Accounts.ownerOnly(owner.publicKey(), 3600));
    fund(creation);
    PreparedUserOperation honest = accounts.prepare(creation.address(), Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    byte[] forged = honest.proof().toArray();
    forged[forged.length - 1] ^= 0x01; // the last sibling
    PreparedUserOperation prepared = new PreparedUserOperation(honest.op(), honest.userOpHash(), honest.root(), Bytes.wrap(forged),
        honest.mode(), honest.rules(), honest.verified());

    assertThat(bundler.simulate(prepared.sign(owner))).hasValueSatisfying(reason -> assertThat(reason)
        .startsWith("AA23 reverted").contains(selector("FrontierMismatch(uint256,uint256)")));
    assertThat(bundler.simulate(honest.sign(owner))).isEmpty();
  }

  @Test
  @Order(3)
  void theProofOfAnotherKeystoreAccountIsRefused() throws Exception {
    PrivateKey owner = key(104);
    AccountCreation mine = Accounts.create(Fr.of(104), Accounts.ownerOnly(owner.publicKey(), 3600));
    AccountCreation other = Accounts.create(Fr.of(105), Accounts.ownerOnly(owner.publicKey(), 3600));
    fund(mine);
    PreparedUserOperation forMine = accounts.prepare(mine.address(), Optional.of(mine), noop(), Mode.PROOF, Optional.empty());
    PreparedUserOperation forOther = accounts.prepare(other.address(), Optional.of(other), noop(), Mode.PROOF, Optional.empty());
    PreparedUserOperation swapped = new PreparedUserOperation(forMine.op(), forMine.userOpHash(), forMine.root(), forOther.proof(),
        forMine.mode(), forMine.rules(), forMine.verified());

    assertThat(bundler.simulate(swapped.sign(owner))).hasValueSatisfying(reason -> assertThat(reason).startsWith("AA23 reverted"));
    assertThat(bundler.simulate(forMine.sign(owner))).isEmpty();
  }

  @Test
  @Order(3)
  void aCallAboveTheKeystoreSpendingLimitRevertsInExecution() throws Exception {
    PrivateKey owner = key(106);
    SpendingRules rules = SpendingRules.of(new SpendingRule(SpendingRule.NATIVE, 86_400, FINNEY.multiply(BigInteger.valueOf(50))));
    AccountCreation creation = Accounts.create(Fr.of(106), Accounts.settings(owner.publicKey(), List.of(), 0, 3600, rules));
    fund(creation);
    String recipient = "0x000000000000000000000000000000000000cafE";

    PackedUserOperation within = accounts.prepare(creation.address(), Optional.of(creation),
        UserOperations.execute(recipient, FINNEY.multiply(BigInteger.valueOf(40)), Bytes.EMPTY), Mode.PROOF_AND_CACHE, Optional.of(rules)).sign(owner);
    assertThat(bundler.submit(within).success()).isTrue();
    PackedUserOperation above = accounts.prepare(creation.address(), Optional.of(creation),
        UserOperations.execute(recipient, FINNEY.multiply(BigInteger.valueOf(20)), Bytes.EMPTY), Mode.PROOF, Optional.empty()).sign(owner);
    SelfBundler.Outcome outcome = bundler.submit(above);

    assertThat(outcome.success()).isFalse();
    assertThat(outcome.revertReason()).hasValueSatisfying(r -> assertThat(r.toHexString())
        .startsWith(selector("SpendingLimitExceeded(address,uint256,uint256)")));
    assertThat(balance(recipient)).isEqualTo(FINNEY.multiply(BigInteger.valueOf(40)));
  }

  @Test
  @Order(4)
  void afterARotationProvenOnL1AndSyncedTheAccountTakesTheNewKeyAndRefusesTheOld() throws Exception {
    Assumptions.assumeTrue(WalletEndToEndTest.PROVABLE, "the node cannot prove batches until the batch circuit takes the witness");
    PrivateKey first = key(107);
    PrivateKey second = key(108);
    AccountCreation creation = Accounts.create(Fr.of(107), Accounts.ownerOnly(first.publicKey(), 3600));
    fund(creation);
    assertThat(bundler.submit(accounts.prepare(creation.address(), Optional.of(creation), noop(), Mode.PROOF, Optional.empty())
        .sign(first)).success()).isTrue();

    var rotate = new KeystoreTransactions(keystore.domain()).rotateOwner(keystore.getAccountState(creation.address(), Optional.of(creation)),
        second.publicKey());
    Bytes32 hash = keystore.sendTransaction(rotate.sign(first));
    keystore.waitForStatus(hash, TxStatus.FINALISED, Duration.ofMinutes(4));
    Bytes32 l1Root = Bytes32.wrap(rollup().latestRoot().send());
    awaitOracleRoot(l1Root);

    PreparedUserOperation prepared = accounts.prepare(creation.address(), Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    assertThat(prepared.root()).isEqualTo(l1Root);
    assertThat(prepared.verified().member()).isTrue();
    assertThat(prepared.verified().owner()).isEqualTo(second.publicKey());
    assertThat(bundler.simulate(prepared.sign(first))).hasValueSatisfying(reason -> assertThat(reason).startsWith("AA24 signature error"));
    SelfBundler.Outcome outcome = bundler.submit(prepared.sign(second));
    assertThat(outcome.success()).isTrue();
    System.out.println("l2_e2e_userop_member_gas: " + outcome.receipt().getGasUsed());
  }

  @Test
  @Order(5)
  void aRootPastTheFreshnessWindowIsRefused() throws Exception {
    PrivateKey owner = key(109);
    AccountCreation creation = Accounts.create(Fr.of(109), Accounts.ownerOnly(owner.publicKey(), 3600));
    fund(creation);
    PreparedUserOperation prepared = accounts.prepare(creation.address(), Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    assertThat(bundler.simulate(prepared.sign(owner))).isEmpty();

    long rootTime = oracle.rootL1Time(prepared.root().toArray()).send().longValueExact();
    long l2Now = l2.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
    rpc("evm_increaseTime", rootTime + MAX_ROOT_AGE + 60 - l2Now);
    rpc("evm_mine");

    assertThat(bundler.simulate(prepared.sign(owner))).hasValueSatisfying(reason -> assertThat(reason).startsWith("AA22 expired or not due"));
  }

  private static String code(String address) throws Exception {
    return l2.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
  }

  private static BigInteger balance(String address) throws Exception {
    return l2.web3j().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
  }

  private static void rpc(String method, Object... params) throws Exception {
    TwoChainDevnet.rpc(l2.url(), method, params);
  }

  private static String selector(String signature) {
    return Bytes.wrap(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII))).slice(0, 4).toHexString();
  }

}
