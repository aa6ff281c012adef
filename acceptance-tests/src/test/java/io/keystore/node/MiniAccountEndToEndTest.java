package io.keystore.node;

import static io.keystore.node.TwoChainDevnet.DEV;
import static io.keystore.node.TwoChainDevnet.MAX_ROOT_AGE;
import static io.keystore.node.TwoChainDevnet.key;
import static io.keystore.node.TwoChainDevnet.noop;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.l2.contracts.KeystoreAccount;
import io.keystore.l2.contracts.KeystoreProofVerifier;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.node.devnet.L2Deployment;
import io.keystore.sdk.Accounts;
import io.keystore.sdk.KeystoreTransactions;
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
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The keystore reaching an L2, end to end: the real node (H2, batch-1 proofs) on an L1 anvil, an L2
 * anvil with DevL1Block, the real EntryPoint v0.7 (through the CREATE2 deployer), the verifier, the
 * root oracle and the account factory, and the devnet relayer syncing L1's root. User operations
 * are built by the SDK (proofs from the node at the oracle's root), signed with keystore keys and
 * submitted with handleOps by a funded key. The stale-root test warps the L2 clock, so it runs
 * last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniAccountEndToEndTest {

  static final BigInteger ETHER = BigInteger.TEN.pow(18);
  static final BigInteger FINNEY = BigInteger.TEN.pow(15);

  @TempDir static Path dataDir;
  static TwoChainDevnet net;
  static KeystoreRootOracle oracle;

  @BeforeAll
  static void start() throws Exception {
    net = TwoChainDevnet.start(dataDir);
    oracle =
        KeystoreRootOracle.load(
            net.contracts.oracle(),
            net.l2.web3j(),
            new ReadonlyTransactionManager(net.l2.web3j(), DEV.getAddress()),
            new DefaultGasProvider());
  }

  @AfterAll
  static void stop() throws Exception {
    if (net != null) {
      net.close();
    }
  }

  @Test
  @Order(1)
  void theL2ContractsSitAtTheirAddressesAndTheRelayerSyncedTheGenesisRoot() throws Exception {
    assertThat(net.contracts.entryPoint()).isEqualToIgnoringCase(UserOperations.ENTRY_POINT_V07);
    assertThat(net.contracts.l1Block()).isEqualToIgnoringCase(L2Deployment.L1_BLOCK_PREDEPLOY);
    for (String a :
        List.of(
            net.contracts.entryPoint(),
            net.contracts.factory(),
            net.contracts.oracle(),
            net.contracts.verifier(),
            net.contracts.l1Block())) {
      assertThat(code(a)).as(a).isNotEqualTo("0x");
    }
    assertThat(net.accounts.latestRoot()).isEqualTo(TreeHashing.genesisRoot().toBytes());
    assertThat(net.relayer.relayedBlocks()).isPositive();
  }

  @Test
  @Order(2)
  void aCounterfactualAccountRunsAUserOperationSignedByItsInitialKeyThroughTheEntryPoint()
      throws Exception {
    PrivateKey owner = key(101);
    AccountCreation creation =
        Accounts.create(Fr.of(101), Accounts.ownerOnly(owner.publicKey(), 3600));
    String sender = net.fund(creation);
    String recipient = "0x000000000000000000000000000000000000bEEF";

    PreparedUserOperation prepared =
        net.accounts.prepare(
            creation.address(),
            Optional.of(creation),
            UserOperations.execute(recipient, FINNEY.multiply(BigInteger.TEN), Bytes.EMPTY),
            Mode.PROOF,
            Optional.empty());
    PackedUserOperation op = prepared.sign(owner);

    assertThat(prepared.verified().member()).isFalse();
    assertThat(op.initCode().isEmpty()).isFalse();
    var frontier = oracle.frontier(prepared.root().toArray()).send();
    var proven =
        KeystoreProofVerifier.load(
                net.contracts.verifier(),
                net.l2.web3j(),
                new ReadonlyTransactionManager(net.l2.web3j(), DEV.getAddress()),
                new DefaultGasProvider())
            .verify(
                creation.address().toBigInteger(),
                BigInteger.ONE, // the owner key scheme: secp256k1
                frontier.component1(),
                frontier.component2(),
                prepared.proof().toArray())
            .send();
    assertThat(proven.component1()).isEqualTo(owner.publicKey().x());
    assertThat(proven.component2()).isEqualTo(owner.publicKey().y());
    assertThat(net.bundler.userOpHashOnChain(op)).isEqualTo(prepared.userOpHash());
    SelfBundler.Outcome outcome = net.bundler.submit(op);
    assertThat(outcome.success()).as("%s", outcome.revertReason()).isTrue();
    assertThat(code(sender)).isNotEqualTo("0x");
    assertThat(balance(recipient)).isEqualTo(FINNEY.multiply(BigInteger.TEN));
    System.out.println("l2_e2e_userop_counterfactual_gas: " + outcome.receipt().getGasUsed());
  }

  @Test
  @Order(3)
  void aCachedKeySignsTheNextOperationAndAReplayedOperationIsRefused() throws Exception {
    PrivateKey owner = key(102);
    AccountCreation creation =
        Accounts.create(Fr.of(102), Accounts.ownerOnly(owner.publicKey(), 3600));
    net.fund(creation);
    PackedUserOperation deploying =
        net.accounts
            .prepare(
                creation.address(),
                Optional.of(creation),
                noop(),
                Mode.PROOF_AND_CACHE,
                Optional.empty())
            .sign(owner);
    assertThat(net.bundler.submit(deploying).success()).isTrue();
    String sender = net.accounts.accountOf(creation.address());
    KeystoreAccount account =
        KeystoreAccount.load(
            sender,
            net.l2.web3j(),
            new ReadonlyTransactionManager(net.l2.web3j(), DEV.getAddress()),
            new DefaultGasProvider());
    Bytes32 root = net.accounts.latestRoot();
    assertThat(
            account
                .cachedKey(sender, creation.address().toBigInteger(), root.toArray())
                .send()
                .component1())
        .isEqualToIgnoringCase(owner.publicKey().ethereumAddress().toChecksumHex());
    // the second operation uses the cached key (mode 0: no proof)
    PreparedUserOperation second =
        net.accounts.prepare(
            creation.address(), Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    PackedUserOperation op =
        second
            .op()
            .withSignature(
                MiniAccountSignatures.cached(
                    second.root(), MiniAccountSignatures.signUserOp(owner, second.userOpHash())));
    assertThat(op.initCode().isEmpty()).isTrue();
    assertThat(op.signature().size()).isEqualTo(98);
    assertThat(net.bundler.submit(op).success()).isTrue();

    assertThat(net.bundler.simulate(op))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA25 invalid account nonce"));
    assertThat(net.bundler.simulate(deploying))
        .hasValueSatisfying(
            reason -> assertThat(reason).startsWith("AA10 sender already constructed"));
  }

  @Test
  @Order(3)
  void aForgedProofIsRefused() throws Exception {
    PrivateKey owner = key(103);
    AccountCreation creation =
        Accounts.create(Fr.of(103), Accounts.ownerOnly(owner.publicKey(), 3600));
    net.fund(creation);
    PreparedUserOperation honest =
        net.accounts.prepare(
            creation.address(), Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    byte[] forged = honest.proof().toArray();
    forged[forged.length - 1] ^= 0x01; // the last sibling
    PreparedUserOperation prepared =
        new PreparedUserOperation(
            honest.op(),
            honest.userOpHash(),
            honest.root(),
            Bytes.wrap(forged),
            honest.mode(),
            honest.rules(),
            honest.verified());

    assertThat(net.bundler.simulate(prepared.sign(owner)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("AA23 reverted")
                    .contains(selector("FrontierMismatch(uint256,uint256)")));
    assertThat(net.bundler.simulate(honest.sign(owner))).isEmpty();
  }

  @Test
  @Order(3)
  void theProofOfAnotherKeystoreAccountIsRefused() throws Exception {
    PrivateKey owner = key(104);
    AccountCreation mine = Accounts.create(Fr.of(104), Accounts.ownerOnly(owner.publicKey(), 3600));
    AccountCreation other =
        Accounts.create(Fr.of(105), Accounts.ownerOnly(owner.publicKey(), 3600));
    net.fund(mine);
    PreparedUserOperation forMine =
        net.accounts.prepare(
            mine.address(), Optional.of(mine), noop(), Mode.PROOF, Optional.empty());
    PreparedUserOperation forOther =
        net.accounts.prepare(
            other.address(), Optional.of(other), noop(), Mode.PROOF, Optional.empty());
    PreparedUserOperation swapped =
        new PreparedUserOperation(
            forMine.op(),
            forMine.userOpHash(),
            forMine.root(),
            forOther.proof(),
            forMine.mode(),
            forMine.rules(),
            forMine.verified());

    assertThat(net.bundler.simulate(swapped.sign(owner)))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA23 reverted"));
    assertThat(net.bundler.simulate(forMine.sign(owner))).isEmpty();
  }

  @Test
  @Order(3)
  void aCallAboveTheKeystoreSpendingLimitRevertsInExecution() throws Exception {
    PrivateKey owner = key(106);
    SpendingRules rules =
        SpendingRules.of(
            new SpendingRule(SpendingRule.NATIVE, 86_400, FINNEY.multiply(BigInteger.valueOf(50))));
    AccountCreation creation =
        Accounts.create(
            Fr.of(106), Accounts.settings(owner.publicKey(), List.of(), 0, 3600, rules));
    net.fund(creation);
    String recipient = "0x000000000000000000000000000000000000cafE";

    PackedUserOperation within =
        net.accounts
            .prepare(
                creation.address(),
                Optional.of(creation),
                UserOperations.execute(
                    recipient, FINNEY.multiply(BigInteger.valueOf(40)), Bytes.EMPTY),
                Mode.PROOF_AND_CACHE,
                Optional.of(rules))
            .sign(owner);
    assertThat(net.bundler.submit(within).success()).isTrue();
    PackedUserOperation above =
        net.accounts
            .prepare(
                creation.address(),
                Optional.of(creation),
                UserOperations.execute(
                    recipient, FINNEY.multiply(BigInteger.valueOf(20)), Bytes.EMPTY),
                Mode.PROOF,
                Optional.empty())
            .sign(owner);
    SelfBundler.Outcome outcome = net.bundler.submit(above);

    assertThat(outcome.success()).isFalse();
    assertThat(outcome.revertReason())
        .hasValueSatisfying(
            r ->
                assertThat(r.toHexString())
                    .startsWith(selector("SpendingLimitExceeded(address,uint256,uint256)")));
    assertThat(balance(recipient)).isEqualTo(FINNEY.multiply(BigInteger.valueOf(40)));
  }

  @Test
  @Order(4)
  void afterARotationProvenOnL1AndSyncedTheAccountTakesTheNewKeyAndRefusesTheOld()
      throws Exception {
    Assumptions.assumeTrue(
        WalletEndToEndTest.PROVABLE,
        "the node cannot prove batches until the batch circuit takes the witness");
    PrivateKey first = key(107);
    PrivateKey second = key(108);
    AccountCreation creation =
        Accounts.create(Fr.of(107), Accounts.ownerOnly(first.publicKey(), 3600));
    net.fund(creation);
    assertThat(
            net.bundler
                .submit(
                    net.accounts
                        .prepare(
                            creation.address(),
                            Optional.of(creation),
                            noop(),
                            Mode.PROOF,
                            Optional.empty())
                        .sign(first))
                .success())
        .isTrue();

    var rotate =
        new KeystoreTransactions(net.keystore.domain())
            .rotateOwner(
                net.keystore.getAccountState(creation.address(), Optional.of(creation)),
                second.publicKey());
    Bytes32 hash = net.keystore.sendTransaction(rotate.sign(first));
    net.keystore.waitForStatus(hash, TxStatus.FINALISED, Duration.ofMinutes(4));
    Bytes32 l1Root = Bytes32.wrap(net.rollup().latestRoot().send());
    net.awaitOracleRoot(l1Root);

    PreparedUserOperation prepared =
        net.accounts.prepare(
            creation.address(), Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    assertThat(prepared.root()).isEqualTo(l1Root);
    assertThat(prepared.verified().member()).isTrue();
    assertThat(prepared.verified().owner()).isEqualTo(second.publicKey());
    assertThat(net.bundler.simulate(prepared.sign(first)))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA24 signature error"));
    SelfBundler.Outcome outcome = net.bundler.submit(prepared.sign(second));
    assertThat(outcome.success()).isTrue();
    System.out.println("l2_e2e_userop_member_gas: " + outcome.receipt().getGasUsed());
  }

  @Test
  @Order(5)
  void aRootPastTheFreshnessWindowIsRefused() throws Exception {
    PrivateKey owner = key(109);
    AccountCreation creation =
        Accounts.create(Fr.of(109), Accounts.ownerOnly(owner.publicKey(), 3600));
    net.fund(creation);
    PreparedUserOperation prepared =
        net.accounts.prepare(
            creation.address(), Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    assertThat(net.bundler.simulate(prepared.sign(owner))).isEmpty();

    long rootTime = oracle.rootL1Time(prepared.root().toArray()).send().longValueExact();
    long l2Now = net.l2.latestBlockTime();
    rpc("evm_increaseTime", rootTime + MAX_ROOT_AGE + 60 - l2Now);
    rpc("evm_mine");

    assertThat(net.bundler.simulate(prepared.sign(owner)))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA22 expired or not due"));
  }

  private static String code(String address) throws Exception {
    return net.l2.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
  }

  private static BigInteger balance(String address) throws Exception {
    return net.l2
        .web3j()
        .ethGetBalance(address, DefaultBlockParameterName.LATEST)
        .send()
        .getBalance();
  }

  private static void rpc(String method, Object... params) throws Exception {
    TwoChainDevnet.rpc(net.l2.url(), method, params);
  }

  private static String selector(String signature) {
    return Bytes.wrap(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII)))
        .slice(0, 4)
        .toHexString();
  }
}
