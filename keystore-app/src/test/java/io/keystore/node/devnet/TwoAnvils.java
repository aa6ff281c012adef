package io.keystore.node.devnet;

import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.l2.RootSync;
import io.keystore.l2.contracts.DevL1Block;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.state.hash.TreeHashing;
import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.JsonRpc2_0Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * Two real anvils: an L1 with the KeystoreRollup, and an L2 with DevL1Block installed at the OP
 * Stack predeploy address (as a devnet does, with anvil_setCode and anvil_setStorageAt) and a
 * KeystoreRootOracle reading it. anvil's first account deploys and relays on both.
 */
final class TwoAnvils implements AutoCloseable {

  static final String L1_BLOCK_PREDEPLOY = "0x4200000000000000000000000000000000000015";
  static final Credentials DEV = Credentials.create(DevDefaults.DEV_PRIVATE_KEY);

  /** anvil's second default account. */
  static final Credentials OTHER = Credentials.create(DevDefaults.RELAYER_PRIVATE_KEY);

  static final StaticGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(8_000_000));

  final Anvil l1;
  final Anvil l2;
  final DevL1Block l1Block;

  private TwoAnvils(Anvil l1, Anvil l2, DevL1Block l1Block) {
    this.l1 = l1;
    this.l2 = l2;
    this.l1Block = l1Block;
  }

  static TwoAnvils start() throws Exception {
    Anvil l1 = Anvil.start();
    Anvil l2 = null;
    try {
      l2 = Anvil.start();
      return new TwoAnvils(l1, l2, installDevL1Block(l2));
    } catch (Exception | Error e) {
      l1.close();
      if (l2 != null) {
        l2.close();
      }
      throw e;
    }
  }

  /**
   * Deploys DevL1Block, copies its runtime code to the predeploy address and writes the relayer
   * (anvil's first account) into its relayer slot.
   */
  private static DevL1Block installDevL1Block(Anvil l2) throws Exception {
    Web3j web3j = l2.web3j();
    DevL1Block deployed = DevL1Block.deploy(web3j, tx(web3j, DEV), GAS).send();
    String code =
        web3j
            .ethGetCode(deployed.getContractAddress(), DefaultBlockParameterName.LATEST)
            .send()
            .getCode();
    Web3jService service = serviceOf(web3j);
    rpc(service, "anvil_setCode", L1_BLOCK_PREDEPLOY, code);
    String slot = Numeric.toHexString(deployed.RELAYER_SLOT().send());
    rpc(
        service,
        "anvil_setStorageAt",
        L1_BLOCK_PREDEPLOY,
        slot,
        Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(DEV.getAddress()), 64));
    return DevL1Block.load(L1_BLOCK_PREDEPLOY, web3j, tx(web3j, DEV), GAS);
  }

  /**
   * Deploys a KeystoreRollup with the genesis root through its generated wrapper. The wrapper's
   * constructor is (owner, genesisRoot, basedTimeout) and, once force inclusion lands, (owner,
   * genesisRoot, basedTimeout, forceDeadline): the overload is picked by its arity, so that this
   * test builds against either (the slots it proves, 0 and 1, are the same in both).
   */
  KeystoreRollup deployRollup() throws Exception {
    Web3j web3j = l1.web3j();
    List<Object> args =
        new java.util.ArrayList<>(
            List.of(
                web3j,
                tx(web3j, DEV),
                GAS,
                DEV.getAddress(),
                TreeHashing.genesisRoot().toBytes().toArray(),
                BigInteger.valueOf(7 * 24 * 3600)));
    for (java.lang.reflect.Method deploy : KeystoreRollup.class.getMethods()) {
      Class<?>[] types = deploy.getParameterTypes();
      if (deploy.getName().equals("deploy")
          && types.length >= args.size()
          && types[1] == org.web3j.tx.TransactionManager.class
          && types[2] == org.web3j.tx.gas.ContractGasProvider.class) {
        while (args.size() < types.length) {
          args.add(BigInteger.valueOf(24 * 3600)); // forceDeadline
        }
        @SuppressWarnings("unchecked")
        org.web3j.protocol.core.RemoteCall<KeystoreRollup> call =
            (org.web3j.protocol.core.RemoteCall<KeystoreRollup>)
                deploy.invoke(null, args.toArray());
        return call.send();
      }
    }
    throw new IllegalStateException(
        "no KeystoreRollup.deploy(Web3j, TransactionManager, ContractGasProvider, ...)");
  }

  KeystoreRootOracle deployOracle(String rollup) throws Exception {
    Web3j web3j = l2.web3j();
    return KeystoreRootOracle.deploy(web3j, tx(web3j, DEV), GAS, L1_BLOCK_PREDEPLOY, rollup).send();
  }

  RootSync rootSync(String rollup, KeystoreRootOracle oracle) {
    return new RootSync(serviceOf(l1.web3j()), rollup, oracle);
  }

  /**
   * The revert data of calling {@code data} on {@code to} at L2 as {@code from}, or "" if it
   * succeeds.
   */
  String l2RevertData(String from, String to, String data) throws IOException {
    EthCall call =
        l2.web3j()
            .ethCall(
                Transaction.createEthCallTransaction(from, to, data),
                DefaultBlockParameterName.LATEST)
            .send();
    if (!call.hasError()) {
      return "";
    }
    Object revert = call.getError().getData();
    return revert == null ? call.getError().getMessage() : revert.toString().replace("\"", "");
  }

  static RawTransactionManager tx(Web3j web3j, Credentials who) {
    // anvil mines at once: poll for the receipt every 50 ms, not web3j's default 15 s
    return new RawTransactionManager(
        web3j,
        who,
        DevDefaults.L1_CHAIN_ID,
        new org.web3j.tx.response.PollingTransactionReceiptProcessor(web3j, 50, 400));
  }

  /** The JSON-RPC service under a web3j client (for anvil_* calls and raw JSON). */
  static Web3jService serviceOf(Web3j web3j) {
    try {
      Field field = JsonRpc2_0Web3j.class.getDeclaredField("web3jService");
      field.setAccessible(true);
      return (Web3jService) field.get(web3j);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("web3j keeps its service elsewhere", e);
    }
  }

  static Object rpc(Web3jService service, String method, Object... params) throws IOException {
    Raw response = new Request<>(method, List.of(params), service, Raw.class).send();
    if (response.hasError()) {
      throw new IOException(method + ": " + response.getError().getMessage());
    }
    return response.getResult();
  }

  /** Any JSON-RPC answer. */
  public static final class Raw extends Response<Object> {}

  @Override
  public void close() throws Exception {
    try {
      l2.close();
    } finally {
      l1.close();
    }
  }
}
