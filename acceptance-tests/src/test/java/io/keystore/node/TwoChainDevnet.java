package io.keystore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.node.devnet.Devnet;
import io.keystore.node.devnet.L2Deployment;
import io.keystore.node.devnet.RootRelayer;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.MiniAccountClient;
import io.keystore.sdk.SelfBundler;
import io.keystore.sdk.UserOperations;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.crypto.PrivateKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

/**
 * The devnet's pieces for end-to-end tests across both chains: the real node (H2, batch-1 proofs)
 * on an L1 anvil, an L2 anvil with DevL1Block, the real EntryPoint v0.7 (through the CREATE2
 * deployer), the verifier, the root oracle and the account factory, the relayer syncing L1's root,
 * and the SDK clients (the node, mini-accounts, a self-bundler with a funded key).
 */
final class TwoChainDevnet implements AutoCloseable {

  static final long L2_CHAIN_ID = DevDefaults.L2_CHAIN_ID;
  static final long MAX_ROOT_AGE = Devnet.MAX_ROOT_AGE;

  /** anvil's second and third default accounts: the relayer and the bundler on L2. */
  static final Credentials RELAYER = Credentials.create(DevDefaults.RELAYER_PRIVATE_KEY);

  static final Credentials BUNDLER = Credentials.create(DevDefaults.BUNDLER_PRIVATE_KEY);
  static final Credentials DEV = Credentials.create(DevDefaults.DEV_PRIVATE_KEY);

  final Devnet devnet;
  final DevnetL1 chain;
  final KeystoreNode node;
  final Anvil l2;
  final L2Deployment.Contracts contracts;
  final KeystoreClient keystore;
  final RootRelayer relayer;
  final MiniAccountClient accounts;
  final SelfBundler bundler;

  private TwoChainDevnet(Devnet devnet) throws java.io.IOException {
    this.devnet = devnet;
    this.chain = new DevnetL1(devnet);
    this.node = devnet.node().orElseThrow();
    this.l2 = devnet.l2().orElseThrow();
    this.contracts = devnet.l2Contracts().orElseThrow();
    this.relayer = devnet.relayer().orElseThrow();
    this.keystore = KeystoreClient.connect("http://127.0.0.1:" + node.rpcPort());
    this.accounts =
        new MiniAccountClient(
            keystore, l2.web3j(), L2_CHAIN_ID, contracts.entryPoint(), contracts.factory());
    this.bundler = new SelfBundler(l2.web3j(), L2_CHAIN_ID, contracts.entryPoint(), BUNDLER);
  }

  /**
   * Starts the devnet users run ({@link Devnet}: L1 a block a second, L2 mining on demand), with
   * the node's data in {@code dataDir}, once the genesis root is on L2.
   */
  static TwoChainDevnet start(Path dataDir) throws Exception {
    Devnet devnet =
        Devnet.builder()
            .blockTimes(1, 0)
            .node((l1Rpc, rollup) -> DevChain.testConfig(dataDir, l1Rpc, rollup))
            .start();
    try {
      TwoChainDevnet net = new TwoChainDevnet(devnet);
      net.awaitOracleRoot(io.keystore.state.hash.TreeHashing.genesisRoot().toBytes());
      return net;
    } catch (Exception | Error e) {
      devnet.close();
      throw e;
    }
  }

  private static RawTransactionManager transactions(Anvil chain, Credentials sender) {
    return new RawTransactionManager(
        chain.web3j(),
        sender,
        L2_CHAIN_ID,
        new PollingTransactionReceiptProcessor(chain.web3j(), 100, 600));
  }

  /** A keystore key from a seed (tests only). */
  static PrivateKey key(long seed) {
    return PrivateKey.of(BigInteger.valueOf(seed).shiftLeft(64).add(BigInteger.valueOf(0x5eed)));
  }

  /** An execute call that moves nothing. */
  static Bytes noop() {
    return UserOperations.execute(BUNDLER.getAddress(), BigInteger.ZERO, Bytes.EMPTY);
  }

  /** Sends 1 ETH to the account's (counterfactual) L2 address, which pays its operations' gas. */
  String fund(AccountCreation creation) throws Exception {
    String sender = accounts.accountOf(creation.address());
    var receipt =
        new Transfer(l2.web3j(), transactions(l2, DEV))
            .sendFunds(sender, BigDecimal.ONE, Convert.Unit.ETHER)
            .send();
    assertThat(receipt.isStatusOK()).isTrue();
    return sender;
  }

  /** Waits (60 s at most) until the relayer has synced {@code root} to the L2 oracle. */
  void awaitOracleRoot(Bytes32 root) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!accounts.latestRoot().equals(root)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "the relayer did not sync root "
                + root
                + " to L2 within 60 s (oracle holds "
                + accounts.latestRoot()
                + ")");
      }
      Thread.sleep(200);
    }
  }

  /** A raw JSON-RPC call (anvil's evm_* methods) to the chain at {@code url}. */
  static void rpc(String url, String method, Object... params) throws Exception {
    var response =
        new Request<>(method, List.of(params), new HttpService(url), Anvil.Raw.class).send();
    if (response.hasError()) {
      throw new IllegalStateException(method + ": " + response.getError().getMessage());
    }
  }

  /** The L1 rollup, read-only. */
  KeystoreRollup rollup() {
    Web3j web3j = chain.anvil.web3j();
    return KeystoreRollup.load(
        chain.rollup,
        web3j,
        new ReadonlyTransactionManager(web3j, chain.rollup),
        new DefaultGasProvider());
  }

  @Override
  public void close() throws Exception {
    devnet.close();
  }
}
