package io.keystore.node.devnet;

import io.keystore.l2.contracts.DevL1Block;
import io.keystore.l2.contracts.EntryPoint;
import io.keystore.l2.contracts.KeystoreAccountFactory;
import io.keystore.l2.contracts.KeystoreProofVerifier;
import io.keystore.l2.contracts.KeystoreRootOracle;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Deploys the L2 side of a devnet on an anvil: DevL1Block at the OP Stack predeploy address
 * (anvil_setCode, relayer slot), the CREATE2 deployer when the chain lacks it, EntryPoint v0.7 at
 * its canonical address through the CREATE2 deployer (the npm artifact's init code and the
 * canonical salt), KeystoreProofVerifier, KeystoreRootOracle, and KeystoreAccountFactory through
 * the CREATE2 deployer (salt 0), so that accounts have the same address on every such chain.
 */
public final class L2Deployment {

  public static final String L1_BLOCK_PREDEPLOY = "0x4200000000000000000000000000000000000015";
  public static final String CREATE2_DEPLOYER = "0x4e59b44847b379578588920cA78FbF26c0B4956C";
  public static final String ENTRY_POINT_V07 = "0x0000000071727De22E5E9d8BAf0edAc6f37da032";
  static final String ENTRY_POINT_SALT =
      "0x90d8084deab30c2a37c45e8d47f49f2f7965183cb6990a98943ef94940681de3";

  /** Runtime code of the deterministic-deployment proxy (as the forge tests install it). */
  static final String CREATE2_DEPLOYER_CODE =
      "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";

  static final StaticGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(12_000_000));

  /** The deployed addresses. */
  public record Contracts(
      String l1Block,
      String entryPoint,
      String verifier,
      String oracle,
      String factory,
      long maxRootAge,
      long rootGrace) {}

  private final Web3jService service;
  private final Web3j web3j;
  private final RawTransactionManager tx;
  private final PollingTransactionReceiptProcessor receipts;

  /**
   * @param service the L2 anvil's JSON-RPC (anvil_setCode is needed)
   * @param chainId the L2 chain id
   * @param deployer the funded key that deploys
   */
  public L2Deployment(Web3jService service, long chainId, Credentials deployer) {
    this.service = Objects.requireNonNull(service, "service");
    this.web3j = Web3j.build(service);
    this.receipts = new PollingTransactionReceiptProcessor(web3j, 100, 600);
    this.tx = new RawTransactionManager(web3j, deployer, chainId, receipts);
  }

  /**
   * Deploys everything; {@code relayer} may publish L1 blocks to DevL1Block, {@code rollup} is the
   * KeystoreRollup on L1, {@code maxRootAge} the accounts' root freshness window in seconds, {@code
   * rootGrace} the seconds a key proven for a root stays usable after the oracle's latest root
   * moved on (mini-account.md §4). Both are immutables of the factory and its accounts, so they are
   * part of every account's address.
   */
  public Contracts deploy(String relayer, String rollup, long maxRootAge, long rootGrace)
      throws Exception {
    String l1Block = installDevL1Block(relayer);
    ensureCreate2Deployer();
    String entryPoint = create2(ENTRY_POINT_SALT, EntryPoint.BINARY);
    if (!entryPoint.equalsIgnoreCase(ENTRY_POINT_V07)) {
      throw new IllegalStateException(
          "EntryPoint landed at " + entryPoint + ", not at " + ENTRY_POINT_V07);
    }
    String verifier = KeystoreProofVerifier.deploy(web3j, tx, GAS).send().getContractAddress();
    String oracle =
        KeystoreRootOracle.deploy(web3j, tx, GAS, l1Block, rollup).send().getContractAddress();
    String args =
        FunctionEncoder.encodeConstructor(
            List.of(
                new Address(entryPoint),
                new Address(oracle),
                new Address(verifier),
                new Uint64(maxRootAge),
                new Uint64(rootGrace)));
    String factory =
        create2(
            Numeric.toHexStringWithPrefixZeroPadded(BigInteger.ZERO, 64),
            KeystoreAccountFactory.BINARY + args);
    return new Contracts(l1Block, entryPoint, verifier, oracle, factory, maxRootAge, rootGrace);
  }

  /** DevL1Block's runtime code at the predeploy address, {@code relayer} in its relayer slot. */
  private String installDevL1Block(String relayer) throws Exception {
    DevL1Block deployed = DevL1Block.deploy(web3j, tx, GAS).send();
    String code =
        web3j
            .ethGetCode(deployed.getContractAddress(), DefaultBlockParameterName.LATEST)
            .send()
            .getCode();
    rpc("anvil_setCode", L1_BLOCK_PREDEPLOY, code);
    String slot = Numeric.toHexString(deployed.RELAYER_SLOT().send());
    rpc(
        "anvil_setStorageAt",
        L1_BLOCK_PREDEPLOY,
        slot,
        Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(relayer), 64));
    return L1_BLOCK_PREDEPLOY;
  }

  private void ensureCreate2Deployer() throws IOException {
    if ("0x"
        .equals(
            web3j
                .ethGetCode(CREATE2_DEPLOYER, DefaultBlockParameterName.LATEST)
                .send()
                .getCode())) {
      rpc("anvil_setCode", CREATE2_DEPLOYER, CREATE2_DEPLOYER_CODE);
    }
  }

  /**
   * Deploys {@code initCode} through the CREATE2 deployer (or finds it there) and returns its
   * address.
   */
  private String create2(String salt, String initCode) throws Exception {
    Bytes code = Bytes.fromHexString(initCode);
    String address = create2Address(salt, code);
    if (!"0x"
        .equals(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode())) {
      return address;
    }
    EthSendTransaction sent =
        tx.sendTransaction(
            GAS.getGasPrice(),
            GAS.getGasLimit(),
            CREATE2_DEPLOYER,
            Bytes.concatenate(Bytes.fromHexString(salt), code).toHexString(),
            BigInteger.ZERO);
    if (sent.hasError()) {
      throw new IOException("CREATE2 deployment: " + sent.getError().getMessage());
    }
    TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
    if (!receipt.isStatusOK()
        || "0x"
            .equals(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode())) {
      throw new IllegalStateException("the CREATE2 deployer did not deploy " + address);
    }
    return address;
  }

  /** keccak256(0xff ‖ deployer ‖ salt ‖ keccak256(initCode))[12:]. */
  static String create2Address(String salt, Bytes initCode) {
    Bytes preimage =
        Bytes.concatenate(
            Bytes.of(0xff),
            Bytes.fromHexString(CREATE2_DEPLOYER),
            Bytes.fromHexString(salt),
            Bytes.wrap(Hash.sha3(initCode.toArrayUnsafe())));
    return org.web3j.crypto.Keys.toChecksumAddress(
        Bytes.wrap(Hash.sha3(preimage.toArrayUnsafe())).slice(12).toHexString());
  }

  private Object rpc(String method, Object... params) throws IOException {
    Raw response = new Request<>(method, List.of(params), service, Raw.class).send();
    if (response.hasError()) {
      throw new IOException(method + ": " + response.getError().getMessage());
    }
    return response.getResult();
  }

  /** Any JSON-RPC answer. */
  public static final class Raw extends Response<Object> {}
}
