package io.keystore.node.cli;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TxSigning;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "dev-tx",
    mixinStandardHelpOptions = true,
    description =
        "Prints a signed transaction that creates a dev account (owner key derived from --label: UNSAFE, for devnets), and the curl that sends it.")
final class DevTxCommand implements Callable<Integer> {

  private static final BigInteger N =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  @Option(
      names = "--label",
      defaultValue = "alice",
      description = "Derives the owner key and the salt (default: ${DEFAULT-VALUE}).")
  String label;

  @Option(
      names = "--chain-id",
      defaultValue = "31337",
      description = "L1 chain id of the domain (default: ${DEFAULT-VALUE}).")
  long chainId;

  @Option(
      names = "--rollup-address",
      defaultValue = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      description = "The rollup of the domain (default: ${DEFAULT-VALUE}).")
  String rollupAddress;

  @Option(
      names = "--rpc-url",
      defaultValue = "http://127.0.0.1:8645",
      description = "The node, for the printed curl (default: ${DEFAULT-VALUE}).")
  String rpcUrl;

  @Override
  public Integer call() {
    byte[] seed = label.getBytes(StandardCharsets.UTF_8);
    PrivateKey owner =
        PrivateKey.of(
            Keccak256.hash(seed)
                .toUnsignedBigInteger()
                .mod(N.subtract(BigInteger.ONE))
                .add(BigInteger.ONE));
    Settings settings =
        new Settings(owner.publicKey(), GuardianSet.none(GuardianSet.MIN_RECOVERY_DELAY), Fr.ZERO);
    AccountCreation creation =
        new AccountCreation(
            Fr.fromBigIntegerReduced(
                Keccak256.hash(("salt:" + label).getBytes(StandardCharsets.UTF_8))
                    .toUnsignedBigInteger()),
            settings);
    Eip712Domain domain = Eip712Domain.keystore(chainId, Address.fromHex(rollupAddress));
    Transaction tx =
        new TxSigning(domain)
            .updateConfig(owner, creation.address(), 0, settings, Optional.of(creation));
    String hex = TxCodec.encode(tx).toHexString();
    System.err.println("account " + creation.address() + ", transaction " + TxCodec.hash(tx));
    System.out.printf(
        "curl -s %s -H 'content-type: application/json' -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"keystore_sendRawTransaction\",\"params\":[\"%s\"]}'%n",
        rpcUrl, hex);
    return 0;
  }
}
