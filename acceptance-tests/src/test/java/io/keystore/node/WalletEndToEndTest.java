package io.keystore.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.node.cli.account.CliRun;
import io.keystore.sdk.AccountState;
import io.keystore.sdk.Accounts;
import io.keystore.sdk.At;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.KeystoreRpcException;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.ProofVerificationException;
import io.keystore.sdk.ProofVerifier;
import io.keystore.sdk.Receipt;
import io.keystore.sdk.SyncStatus;
import io.keystore.sdk.TxStatus;
import io.keystore.sdk.UnsignedTransaction;
import io.keystore.sdk.VerifiedAccount;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.api.AccountProof;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The SDK's client and the wallet CLI against a real node: anvil L1, H2 files, batch-1 proofs. Each
 * finalised transaction costs a proof (about 20 s), so the tests send few.
 *
 * <p>The tests follow a transaction to {@code finalised} and check proofs against the root L1
 * holds. While the batch circuit does not take keystore-state's witness layout (keystore-state's
 * forced-transaction slots landed before the circuit's), the node cannot prove: the tests then stop
 * at {@code batched} and check proofs against the node's root, and say so on stderr.
 */
class WalletEndToEndTest {

  static final Duration TIMEOUT = Duration.ofMinutes(5);
  static final boolean PROVABLE = circuitTakesTheWitness();
  static final TxStatus END = PROVABLE ? TxStatus.FINALISED : TxStatus.BATCHED;

  @TempDir static Path dataDir;
  @TempDir static Path files;
  static DevnetL1 chain;
  static KeystoreNode node;
  static KeystoreClient client;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    chain = DevnetL1.start();
    node = KeystoreNode.start(chain.nodeConfig(dataDir));
    url = "http://127.0.0.1:" + node.rpcPort();
    client = KeystoreClient.connect(url);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void theCliCreatesAnAccountRotatesItsKeyWaitsUntilFinalisedAndShowsItVerified() throws Exception {
    Path ownerKey = files.resolve("owner.key");
    Path accountFile = files.resolve("account.json");
    assertOk(CliRun.run("account", "keygen", "--out", ownerKey.toString()));
    PrivateKey next = PrivateKey.of(BigInteger.valueOf(777));
    String nextPub = next.publicKey().toUncompressed().toHexString();
    Map<String, String> env = Map.of("KEYSTORE_RPC", url);

    CliRun created =
        assertOk(
            CliRun.run(
                env,
                "account",
                "create",
                "--key-file",
                ownerKey.toString(),
                "--out",
                accountFile.toString(),
                "--json"));
    String address = created.json().get("address").asText();
    JsonNode before =
        assertOk(
                CliRun.run(
                    env, "account", "show", "--account-file", accountFile.toString(), "--json"))
            .json();
    assertThat(before.get("member").asBoolean()).isFalse();
    assertThat(before.get("verified").asBoolean()).isTrue();

    CliRun rotated =
        assertOk(
            CliRun.run(
                env,
                "account",
                "rotate",
                "--account-file",
                accountFile.toString(),
                "--key-file",
                ownerKey.toString(),
                "--new-owner",
                nextPub,
                "--wait",
                END.jsonName(),
                "--timeout",
                "300",
                "--json"));
    JsonNode receipt = rotated.json().get("receipt");
    assertThat(receipt.get("status").asText()).isEqualTo(END.jsonName());

    CliRun shown = assertOk(CliRun.run(env, "account", "show", "--account", address));
    assertThat(shown.out())
        .contains("owner            " + next.publicKey().ethereumAddress())
        .contains("membership proof verified against the node's root")
        .contains("nonce            1");
    String root =
        PROVABLE
            ? Bytes32.wrap(rollup().latestRoot().send()).toHexString()
            : receipt.get("newRoot").asText();
    JsonNode atRoot =
        assertOk(CliRun.run(env, "account", "show", "--account", address, "--at", root, "--json"))
            .json();
    assertThat(atRoot.get("config").get("owner").get("publicKey").asText()).isEqualTo(nextPub);
    assertThat(atRoot.get("root").asText()).isEqualTo(receipt.get("newRoot").asText());

    // The old key no longer signs, and nothing is pending to cancel.
    CliRun stale =
        CliRun.run(
            env,
            "account",
            "rotate",
            "--account",
            address,
            "--key-file",
            ownerKey.toString(),
            "--new-owner",
            nextPub);
    assertThat(stale.exitCode()).isEqualTo(2);
    assertThat(stale.err()).contains("must be signed by " + next.publicKey().ethereumAddress());
    CliRun cancel =
        CliRun.run(
            Map.of("KEYSTORE_RPC", url, "KEYSTORE_KEY", "0x" + "0".repeat(61) + "309"),
            "account",
            "cancel-recovery",
            "--account",
            address);
    assertThat(cancel.exitCode()).isEqualTo(4);
    assertThat(cancel.err()).contains("no pending recovery");
  }

  @Test
  void theCliRunsARecoveryRoundWithAWalletSignatureAGuardianAndAGuardiansVetoBeforeTheOwnersCancel()
      throws Exception {
    PrivateKey owner = PrivateKey.of(BigInteger.valueOf(8801));
    PrivateKey guardian = PrivateKey.of(Bytes32.fromHexString(devKeyHex("g")));
    Path ownerKey = files.resolve("owner-8801.key");
    Files.writeString(ownerKey, "0x" + "0".repeat(60) + "2261"); // 8801
    Path accountFile = files.resolve("recovery.json");
    Map<String, String> env = Map.of("KEYSTORE_RPC", url);
    String account =
        assertOk(
                CliRun.run(
                    env,
                    "account",
                    "create",
                    "--key-file",
                    ownerKey.toString(),
                    "--delay",
                    "3600",
                    "--out",
                    accountFile.toString(),
                    "--json"))
            .json()
            .get("address")
            .asText();
    String guardianPub = guardian.publicKey().toUncompressed().toHexString();
    String[] setGuardians = {
      "account",
      "set-guardians",
      "--account-file",
      accountFile.toString(),
      "--guardian",
      guardianPub,
      "--threshold",
      "1",
      "--delay",
      "3600"
    };

    // A wallet signs the typed data the CLI prints; the CLI sends it with that signature.
    JsonNode request =
        assertOk(CliRun.run(env, concat(setGuardians, "--typed-data", "--json"))).json();
    assertThat(request.get("signer").asText())
        .isEqualTo(owner.publicKey().ethereumAddress().toChecksumHex());
    assertThat(request.get("typedData").get("primaryType").asText()).isEqualTo("UpdateConfig");
    String walletSignature =
        owner.sign(Bytes32.fromHexString(request.get("digest").asText())).toBytes().toHexString();
    assertOk(
        CliRun.run(env, concat(setGuardians, "--signature", walletSignature, "--wait", "batched")));

    String proposed =
        PrivateKey.of(BigInteger.valueOf(8802)).publicKey().toUncompressed().toHexString();
    assertOk(
        CliRun.run(
            env,
            "account",
            "approve-recovery",
            "--account",
            account,
            "--dev-key",
            "g",
            "--new-owner",
            proposed,
            "--wait",
            "batched"));
    assertThat(assertOk(CliRun.run(env, "account", "show", "--account", account)).out())
        .contains(
            "pending recovery to "
                + PrivateKey.of(BigInteger.valueOf(8802)).publicKey().ethereumAddress()
                + ", 1 of 1 approvals");

    // transactions.md §6.4: the owner alone cannot cancel; a guardian's veto, then the owner's
    // cancel, stop the recovery
    CliRun alone =
        CliRun.run(
            env,
            "account",
            "cancel-recovery",
            "--account",
            account,
            "--key-file",
            ownerKey.toString());
    assertThat(alone.exitCode()).isEqualTo(4);
    assertThat(alone.err()).contains("GUARDIAN_VETO_REQUIRED");
    assertOk(
        CliRun.run(
            env,
            "account",
            "veto-recovery",
            "--account",
            account,
            "--dev-key",
            "g",
            "--wait",
            "batched"));
    assertThat(assertOk(CliRun.run(env, "account", "show", "--account", account)).out())
        .contains("1 of 1 approvals, vetoed by 1 guardian(s)");
    CliRun cancel =
        assertOk(
            CliRun.run(
                env,
                "account",
                "cancel-recovery",
                "--account",
                account,
                "--key-file",
                ownerKey.toString(),
                "--wait",
                "batched",
                "--json"));
    assertThat(cancel.json().get("receipt").get("status").asText()).isEqualTo("batched");
    JsonNode after =
        assertOk(CliRun.run(env, "account", "show", "--account", account, "--json"))
            .json()
            .get("config");
    assertThat(after.get("pendingRecovery").isNull()).isTrue();
    assertThat(after.get("recoveryEpoch").asText()).isEqualTo("0x1");

    CliRun early = CliRun.run(env, "account", "finalise-recovery", "--account", account);
    assertThat(early.exitCode()).isEqualTo(4);
    assertThat(early.err()).contains("nothing to finalise");
    CliRun notGuardian =
        CliRun.run(
            env,
            "account",
            "approve-recovery",
            "--account",
            account,
            "--key-file",
            ownerKey.toString(),
            "--new-owner",
            proposed);
    assertThat(notGuardian.exitCode()).isEqualTo(2);
    assertThat(notGuardian.err()).contains("is not a guardian");
  }

  private static String devKeyHex(String label) {
    BigInteger h =
        io.keystore.state.crypto.Keccak256.hash(
                label.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .toUnsignedBigInteger();
    BigInteger d =
        h.mod(io.keystore.state.crypto.Secp256k1.N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    return Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.wrap(d.toByteArray()).trimLeadingZeros())
        .toHexString();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void theClientSendsWaitsAndVerifiesTheProofAgainstTheRootOnL1() throws Exception {
    SyncStatus status = client.syncStatus();
    assertThat(status.rollupAddress().toChecksumHex()).isEqualToIgnoringCase(chain.rollup);
    assertThat(client.chainId()).isEqualTo(31337);
    KeystoreTransactions txs = new KeystoreTransactions(client.domain());
    PrivateKey owner = PrivateKey.of(BigInteger.valueOf(4242));
    PrivateKey guardian = PrivateKey.of(BigInteger.valueOf(4343));
    SpendingRules rules =
        SpendingRules.of(new SpendingRule(SpendingRule.NATIVE, 86_400, BigInteger.TEN.pow(17)));
    AccountCreation creation =
        Accounts.create(
            Fr.of(99),
            Accounts.settings(owner.publicKey(), List.of(guardian.publicKey()), 1, 3600, rules));
    Bytes32 rootBefore = client.getStateRoot();

    UnsignedTransaction create = txs.createAccount(creation);
    Bytes32 hash =
        client.sendTransaction(create.withSignature(owner.sign(create.digest()).toBytes()));
    assertThat(client.getTransactionReceipt(hash)).isPresent();
    Receipt done = client.waitForStatus(hash, END, TIMEOUT);

    assertThat(done.newRoot()).isPresent();
    assertThat(client.getBatch(done.batch().orElseThrow()).orElseThrow().status())
        .isEqualTo(END.jsonName());
    Bytes32 l1Root = trustedRoot(done);
    AccountProof proof = client.getProof(creation.address(), At.root(l1Root));
    VerifiedAccount verified =
        ProofVerifier.verify(proof, l1Root, creation.address(), Optional.empty());
    assertThat(verified.owner()).isEqualTo(owner.publicKey());
    assertThat(verified.hasSpendingRules(rules)).isTrue();
    assertThat(client.getAccount(creation.address())).contains(verified.config());
    AccountProof old = client.getProof(creation.address(), At.root(rootBefore));
    assertThat(
            ProofVerifier.verify(old, rootBefore, creation.address(), Optional.of(creation))
                .member())
        .isFalse();
    assertThatThrownBy(
            () -> ProofVerifier.verify(old, l1Root, creation.address(), Optional.of(creation)))
        .isInstanceOf(ProofVerificationException.class);

    // A guardian's approval signed by an external wallet is admitted against the new state.
    AccountState account = client.getAccountState(creation.address(), Optional.empty());
    UnsignedTransaction approve =
        txs.approveRecovery(
            account, guardian.publicKey(), PrivateKey.of(BigInteger.TEN).publicKey());
    Transaction signed = approve.withSignature(guardian.sign(approve.digest()).toBytes());
    assertThat(client.sendTransaction(signed)).isNotNull();
  }

  @Test
  void nodeErrorsArriveAsTypedExceptionsWithCodeMessageAndData() {
    PrivateKey owner = PrivateKey.of(BigInteger.valueOf(5151));
    AccountCreation creation =
        Accounts.create(Fr.of(51), Accounts.ownerOnly(owner.publicKey(), 3600));
    Transaction.UpdateConfig good =
        (Transaction.UpdateConfig)
            new KeystoreTransactions(client.domain()).createAccount(creation).sign(owner);
    Transaction badNonce =
        new io.keystore.state.tx.TxSigning(client.domain())
            .updateConfig(owner, creation.address(), 3, creation.settings(), good.creation());

    assertThatThrownBy(() -> client.sendTransaction(badNonce))
        .isInstanceOfSatisfying(
            KeystoreRpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(KeystoreRpcException.TX_REJECTED);
              assertThat(e.rejectionReason()).contains("BAD_NONCE");
              assertThat(e.data().orElseThrow().get("hash").asText()).startsWith("0x");
            });
    assertThatThrownBy(() -> client.getProof(creation.address(), At.root(Bytes32.repeat((byte) 1))))
        .isInstanceOfSatisfying(
            KeystoreRpcException.class,
            e -> assertThat(e.code()).isEqualTo(KeystoreRpcException.HISTORY_UNAVAILABLE));
    assertThatThrownBy(() -> client.call("keystore_noSuchMethod"))
        .isInstanceOfSatisfying(
            KeystoreRpcException.class,
            e -> assertThat(e.code()).isEqualTo(KeystoreRpcException.METHOD_NOT_FOUND));
    assertThatThrownBy(() -> client.sendRawTransaction(org.apache.tuweni.bytes.Bytes.of(1, 2)))
        .isInstanceOfSatisfying(
            KeystoreRpcException.class,
            e -> assertThat(e.code()).isEqualTo(KeystoreRpcException.INVALID_PARAMS));
    assertThat(client.getTransactionReceipt(Bytes32.repeat((byte) 7))).isEmpty();
    assertThat(client.getBatch(1_000_000)).isEmpty();
    assertThat(client.getAccount(creation.address())).isEmpty();

    CliRun refused =
        CliRun.run(
            Map.of("KEYSTORE_RPC", url),
            "account",
            "show",
            "--account",
            creation.address().toChecksumHex(),
            "--at",
            Bytes32.repeat((byte) 1).toHexString(),
            "--json");
    assertThat(refused.exitCode()).isEqualTo(4);
    assertThat(refused.json().get("error").get("rpcCode").asInt()).isEqualTo(-32012);
  }

  /** Whether keystore-circuits' batch circuit reads slots of keystore-state's witness size. */
  static boolean circuitTakesTheWitness() {
    try {
      Path go =
          io.keystore.devtools.ProjectRoot.path().resolve("keystore-circuits/batch/witness.go");
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("SlotElements\\s*=\\s*(\\d+)")
              .matcher(Files.readString(go));
      boolean same =
          m.find()
              && Integer.parseInt(m.group(1)) == io.keystore.state.proof.BatchWitness.SLOT_ELEMENTS;
      if (!same) {
        System.err.println(
            "WalletEndToEndTest: the batch circuit does not take keystore-state's witness yet"
                + " (slot sizes differ): waiting for 'batched', not 'finalised', and skipping the L1 checks");
      }
      return same;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The root a proof is checked against: L1's when the node can prove, else the node's. */
  private static Bytes32 trustedRoot(Receipt r) throws Exception {
    return PROVABLE ? Bytes32.wrap(rollup().latestRoot().send()) : r.newRoot().orElseThrow();
  }

  private static CliRun assertOk(CliRun r) {
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r;
  }

  private static KeystoreRollup rollup() {
    return KeystoreRollup.load(
        chain.rollup,
        chain.anvil.web3j(),
        new ReadonlyTransactionManager(chain.anvil.web3j(), chain.rollup),
        new DefaultGasProvider());
  }
}
