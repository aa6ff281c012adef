package io.keystore.sdk;

import io.keystore.l2.contracts.EntryPoint;
import io.keystore.l2.contracts.KeystoreAccountFactory;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.api.AccountProof;
import io.keystore.state.crypto.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Builds user operations for KeystoreAccounts on an L2 (docs/spec/mini-account.md): takes the L2
 * oracle's latest root and frontier, fetches the account's proof at that root from a keystore node,
 * checks it locally ({@link ProofVerifier}), and fills in the EntryPoint nonce, the counterfactual
 * initCode (while the account has no code), gas and the userOpHash.
 */
public final class MiniAccountClient {

  /** Gas of a validation that deploys the account first (CREATE2 of ~8 KB of code, a proof). */
  static final BigInteger VERIFICATION_GAS_WITH_DEPLOY = BigInteger.valueOf(2_500_000);

  static final BigInteger VERIFICATION_GAS = BigInteger.valueOf(600_000);
  static final BigInteger CALL_GAS = BigInteger.valueOf(300_000);
  static final BigInteger PRE_VERIFICATION_GAS = BigInteger.valueOf(60_000);
  static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

  private final KeystoreClient node;
  private final Web3j l2;
  private final long chainId;
  private final EntryPoint entryPoint;
  private final KeystoreAccountFactory factory;
  private final KeystoreRootOracle oracle;

  /**
   * @param node the keystore node (proofs at a root)
   * @param l2 the L2 chain
   * @param chainId the L2 chain id (bound into the userOpHash)
   * @param entryPoint the EntryPoint v0.7 address
   * @param factory the KeystoreAccountFactory address
   */
  public MiniAccountClient(
      KeystoreClient node, Web3j l2, long chainId, String entryPoint, String factory)
      throws IOException {
    this.node = Objects.requireNonNull(node, "node");
    this.l2 = Objects.requireNonNull(l2, "l2");
    this.chainId = chainId;
    var readOnly = new ReadonlyTransactionManager(l2, entryPoint);
    this.entryPoint = EntryPoint.load(entryPoint, l2, readOnly, new DefaultGasProvider());
    this.factory = KeystoreAccountFactory.load(factory, l2, readOnly, new DefaultGasProvider());
    try {
      this.oracle =
          KeystoreRootOracle.load(
              this.factory.ORACLE().send(), l2, readOnly, new DefaultGasProvider());
    } catch (Exception e) {
      throw new IOException("reading the factory's oracle: " + e.getMessage(), e);
    }
  }

  /** The L2 account of a keystore address (counterfactual until its first operation). */
  public String accountOf(Address keystoreAddress) throws IOException {
    return call(() -> factory.getAddress(keystoreAddress.toChecksumHex()).send());
  }

  /** The oracle's latest synced root. */
  public Bytes32 latestRoot() throws IOException {
    return Bytes32.wrap(call(() -> oracle.latestRoot().send()));
  }

  /**
   * A user operation of {@code keystoreAddress}'s account calling {@code callData}, proven at the
   * oracle's latest root.
   *
   * @param creation the salt and initial settings: needed while the keystore has no leaf for the
   *     account (non-membership proof)
   * @param rules the rule list of the proven configuration, when it has limits
   * @throws ProofVerificationException if the node's proof does not hold at the root
   */
  public PreparedUserOperation prepare(
      Address keystoreAddress,
      Optional<AccountCreation> creation,
      Bytes callData,
      MiniAccountSignatures.Mode mode,
      Optional<SpendingRules> rules)
      throws IOException {
    return prepareAt(latestRoot(), keystoreAddress, creation, callData, mode, rules);
  }

  /** As {@link #prepare}, at a given root the oracle knows. */
  public PreparedUserOperation prepareAt(
      Bytes32 root,
      Address keystoreAddress,
      Optional<AccountCreation> creation,
      Bytes callData,
      MiniAccountSignatures.Mode mode,
      Optional<SpendingRules> rules)
      throws IOException {
    Tuple2<BigInteger, BigInteger> frontier = call(() -> oracle.frontier(root.toArray()).send());
    int height = frontier.component1().intValueExact();
    if (height == 0) {
      throw new IllegalArgumentException("the L2 oracle does not know root " + root);
    }
    AccountProof proof = node.getProof(keystoreAddress, At.root(root));
    VerifiedAccount verified = ProofVerifier.verify(proof, root, keystoreAddress, creation);
    String sender = accountOf(keystoreAddress);
    boolean deployed =
        !"0x"
            .equals(
                call(
                    () ->
                        l2.ethGetCode(sender, DefaultBlockParameterName.LATEST).send().getCode()));
    BigInteger nonce = call(() -> entryPoint.getNonce(sender, BigInteger.ZERO).send());
    BigInteger baseFee =
        call(
            () ->
                l2.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                    .send()
                    .getBlock()
                    .getBaseFeePerGas());
    PackedUserOperation op =
        new PackedUserOperation(
            sender,
            nonce,
            deployed
                ? Bytes.EMPTY
                : UserOperations.initCode(
                    factory.getContractAddress(), keystoreAddress.toChecksumHex()),
            callData,
            deployed ? VERIFICATION_GAS : VERIFICATION_GAS_WITH_DEPLOY,
            CALL_GAS,
            PRE_VERIFICATION_GAS,
            PRIORITY_FEE,
            baseFee.shiftLeft(1).add(PRIORITY_FEE),
            Bytes.EMPTY,
            Bytes.EMPTY);
    return new PreparedUserOperation(
        op,
        UserOperations.userOpHash(op, entryPoint.getContractAddress(), chainId),
        root,
        MiniAccountSignatures.proof(proof, height, creation),
        mode,
        rules,
        verified);
  }

  private interface Call<T> {
    T run() throws Exception;
  }

  private static <T> T call(Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
