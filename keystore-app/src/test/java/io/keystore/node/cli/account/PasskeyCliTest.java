package io.keystore.node.cli.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.sdk.AccountState;
import io.keystore.sdk.Accounts;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256PrivateKey;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.SoftwarePasskey;
import io.keystore.state.crypto.WebAuthn;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxJson;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet CLI with keys of every scheme (docs/spec/passkeys.md): P-256 keys from PKCS#8 files or
 * the environment, passkey owners and guardians named by their public keys, and external signers
 * through --typed-data-out and --signature-in. Against {@link StubNode}: what is tested ends with
 * the transaction the CLI sends, decoded as the node decodes it (the state transition refuses
 * schemes 2 and 3 until their circuits land).
 */
class PasskeyCliTest {

  static final String SALT = AccountCliTest.SALT;
  static final BigInteger OWNER_D = BigInteger.valueOf(4001);

  @TempDir Path dir;

  final P256PrivateKey owner = P256PrivateKey.of(OWNER_D);
  final SoftwarePasskey passkey = new SoftwarePasskey(BigInteger.valueOf(4002));
  final SoftwarePasskey passkeyGuardian = new SoftwarePasskey(BigInteger.valueOf(4101));
  final P256PrivateKey p256Guardian = P256PrivateKey.of(BigInteger.valueOf(4102));
  final PrivateKey k1 = PrivateKey.of(BigInteger.valueOf(4201));
  final KeystoreTransactions txs = new KeystoreTransactions(StubNode.DOMAIN);

  StubNode node;

  @BeforeEach
  void startNode() throws Exception {
    node = StubNode.start();
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  // ------------------------------------------------------------------ keys

  @Test
  void keygenWithSchemeP256WritesAPkcs8PemThatPubkeyAndTheJdkRead() throws Exception {
    Path file = dir.resolve("owner.pem");
    CliRun r =
        CliRun.run("account", "keygen", "--scheme", "p256", "--out", file.toString(), "--json");

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.json().get("scheme").asInt()).isEqualTo(PublicKey.SCHEME_P256);
    assertThat(r.json().has("address")).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String pem = Files.readString(file);
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    CliRun pub = CliRun.run("account", "pubkey", "--key-file", file.toString(), "--json");
    assertThat(pub.json()).isEqualTo(TxJson.key(publicKeyOf(r.json())));
    ECPrivateKey jdk =
        (ECPrivateKey)
            KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem)));
    assertThat(P256PrivateKey.of(jdk.getS()).publicKey()).isEqualTo(publicKeyOf(r.json()));

    CliRun human = CliRun.run("account", "pubkey", "--key-file", file.toString());
    assertThat(human.out())
        .contains("scheme           P-256 (2; no address")
        .contains("as an argument   p256:0x04");
  }

  @Test
  void aP256KeyComesFromAJdkPkcs8DerFileOrFromTheEnvironmentAsPemOrHex() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    ECPublicKey jdkPublic = (ECPublicKey) pair.getPublic();
    PublicKey expected =
        new PublicKey(
            PublicKey.SCHEME_P256, jdkPublic.getW().getAffineX(), jdkPublic.getW().getAffineY());
    Path der = dir.resolve("key.der");
    Files.write(der, pair.getPrivate().getEncoded());

    assertThat(CliRun.run("account", "pubkey", "--key-file", der.toString(), "--json").json())
        .isEqualTo(TxJson.key(expected));
    String pem = PrivateKeys.p256Pkcs8Pem(((ECPrivateKey) pair.getPrivate()).getS());
    assertThat(CliRun.run(Map.of("KEYSTORE_KEY", pem), "account", "pubkey", "--json").json())
        .isEqualTo(TxJson.key(expected));
    assertThat(
            CliRun.run(Map.of("KEYSTORE_KEY_FILE", der.toString()), "account", "pubkey", "--json")
                .json())
        .isEqualTo(TxJson.key(expected));
    String hex = String.format("0x%064x", OWNER_D);
    assertThat(
            CliRun.run(
                    Map.of("KEYSTORE_KEY", hex, "KEYSTORE_SCHEME", "p256"),
                    "account",
                    "pubkey",
                    "--json")
                .json())
        .isEqualTo(TxJson.key(owner.publicKey()));
    assertThat(
            CliRun.run(
                    Map.of("KEYSTORE_KEY", hex), "account", "pubkey", "--scheme", "p256", "--json")
                .json())
        .isEqualTo(TxJson.key(owner.publicKey()));
  }

  @Test
  void aKeyOfTheWrongSchemeOrInAnotherFormIsRefusedWithoutEchoingIt() throws Exception {
    Path pem = write("owner.pem", PrivateKeys.p256Pkcs8Pem(OWNER_D));

    CliRun k1 =
        CliRun.run("account", "pubkey", "--key-file", pem.toString(), "--scheme", "secp256k1");
    assertThat(k1.exitCode()).isEqualTo(2);
    assertThat(k1.err()).contains("wrong scheme").contains("holds a p256 key, not a secp256k1 key");

    CliRun webauthn =
        CliRun.run("account", "pubkey", "--key-file", pem.toString(), "--scheme", "webauthn");
    assertThat(webauthn.exitCode()).isEqualTo(2);
    assertThat(webauthn.err())
        .contains("never leaves its authenticator")
        .contains("--typed-data-out");

    CliRun keygen =
        CliRun.run(
            "account", "keygen", "--scheme", "webauthn", "--out", dir.resolve("x").toString());
    assertThat(keygen.exitCode()).isEqualTo(2);
    assertThat(keygen.err()).contains("created by its authenticator");
    assertThat(Files.exists(dir.resolve("x"))).isFalse();

    Path sec1 =
        write(
            "sec1.pem", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
    assertThat(CliRun.run("account", "pubkey", "--key-file", sec1.toString()).err())
        .contains("SEC 1 key")
        .contains("openssl pkcs8 -topk8");
    Path encrypted =
        write(
            "enc.pem",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMHcCAQEE\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThat(CliRun.run("account", "pubkey", "--key-file", encrypted.toString()).err())
        .contains("is encrypted");
    Path garbage = dir.resolve("garbage.der");
    Files.write(garbage, new byte[] {0x30, 0x03, 0x02, 0x01, 0x07});
    CliRun bad = CliRun.run("account", "pubkey", "--key-file", garbage.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("is not a PKCS#8 private key");

    CliRun unknown = CliRun.run("account", "pubkey", "--scheme", "rsa");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown key scheme \"rsa\"");
  }

  @Test
  void aPrivateKeyOnTheCommandLineIsRefusedWhateverItsScheme() {
    String hex = String.format("0x%064x", OWNER_D);
    CliRun r = CliRun.run("account", "pubkey", "--scheme", "p256", "--key", hex);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("never taken from the command line");
    assertThat(r.out() + r.err()).doesNotContain(hex.substring(40));
  }

  // ------------------------------------------------------------------ create

  @Test
  void createTakesAPasskeyOwnerAndGuardiansOfEverySchemeInEveryKeyForm() throws Exception {
    Path file = dir.resolve("alice.json");
    CliRun r =
        CliRun.run(
            "account",
            "create",
            "--scheme",
            "webauthn",
            "--owner",
            passkey.publicKey().toUncompressed().toHexString(),
            "--guardian",
            "p256:" + p256Guardian.publicKey().toUncompressed().toHexString(),
            "--guardian",
            TxJson.key(passkeyGuardian.publicKey()).toString(),
            "--guardian",
            k1.publicKey().toUncompressed().toHexString(),
            "--threshold",
            "2",
            "--salt",
            SALT,
            "--out",
            file.toString(),
            "--json");

    assertThat(r.exitCode()).as("%s", r).isZero();
    AccountCreation expected =
        Accounts.create(
            Fr.of(5),
            Accounts.settings(
                passkey.publicKey(),
                List.of(p256Guardian.publicKey(), passkeyGuardian.publicKey(), k1.publicKey()),
                2,
                86400,
                SpendingRules.NONE));
    assertThat(r.json().get("address").asText()).isEqualTo(expected.address().toChecksumHex());
    assertThat(AccountFile.read(file)).isEqualTo(expected);
    JsonNode settings = r.json().get("initialSettings");
    assertThat(settings.get("owner")).isEqualTo(TxJson.key(passkey.publicKey()));
    assertThat(
            List.of(0, 1, 2).stream()
                .map(i -> settings.get("guardians").get(i).get("scheme").asInt()))
        .containsExactly(2, 3, 1);

    CliRun human =
        CliRun.run(
            "account",
            "create",
            "--owner",
            "webauthn:" + passkey.publicKey().toUncompressed().toHexString(),
            "--guardian",
            "p256:" + p256Guardian.publicKey().toUncompressed().toHexString(),
            "--threshold",
            "1");
    assertThat(human.exitCode()).as("%s", human).isZero();
    assertThat(human.out())
        .contains("owner            WebAuthn key webauthn:0x04")
        .contains("1 of 1: [0] P-256 key 0x04");
  }

  @Test
  void createRefusesAPasskeyOwnerOfAnotherSchemeAMissingOwnerAndASendWithoutKey() {
    String passkeyHex = passkey.publicKey().toUncompressed().toHexString();

    CliRun wrong =
        CliRun.run("account", "create", "--scheme", "p256", "--owner", "webauthn:" + passkeyHex);
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).contains("wrong scheme").contains("is a webauthn key, not p256");
    assertThat(CliRun.run("account", "create", "--scheme", "webauthn").err())
        .contains("the passkey's public key");
    assertThat(
            CliRun.run(
                    "account",
                    "create",
                    "--owner",
                    "webauthn:" + passkeyHex,
                    "--guardian",
                    "ed25519:0x04")
                .err())
        .contains("unknown key scheme \"ed25519\"");
    assertThat(CliRun.run("account", "create", "--owner", "{\"scheme\":3}").err())
        .contains("not a key object");
    CliRun send =
        CliRun.run(
            Map.of("KEYSTORE_RPC", node.url()),
            "account",
            "create",
            "--owner",
            "webauthn:" + passkeyHex,
            "--send");
    assertThat(send.exitCode()).isEqualTo(2);
    assertThat(send.err()).contains("--send signs the first transaction with the owner's key");
    assertThat(node.sent()).isEmpty();
  }

  // ------------------------------------------------------------------ signing

  @Test
  void aP256OwnerSignsWithItsPkcs8KeyALowSVersion2Transaction() throws Exception {
    AccountCreation creation = account(owner.publicKey(), List.of());
    Path pem = write("owner.pem", PrivateKeys.p256Pkcs8Pem(OWNER_D));
    UnsignedTransaction expected =
        txs.rotateOwner(AccountState.counterfactual(creation), passkey.publicKey());

    CliRun r =
        run(
            "rotate",
            "--account-file",
            accountFile(creation).toString(),
            "--key-file",
            pem.toString(),
            "--new-owner",
            "webauthn:" + passkey.publicKey().toUncompressed().toHexString(),
            "--json");

    assertThat(r.exitCode()).as("%s", r).isZero();
    Transaction.UpdateConfig tx = (Transaction.UpdateConfig) single();
    assertThat(tx.version()).isEqualTo(Transaction.VERSION_PASSKEY_SIGNATURE);
    assertThat(tx.newSettings().owner()).isEqualTo(passkey.publicKey());
    assertThat(tx.creation()).contains(creation);
    P256Signature sig = (P256Signature) tx.signature();
    assertThat(sig.s()).isLessThanOrEqualTo(P256.HALF_N);
    assertThat(P256.verify(owner.publicKey(), expected.digest(), sig)).isTrue();
    assertThat(r.json().get("transaction").get("version").asInt()).isEqualTo(2);
    assertThat(r.json().get("transaction").get("signature").get("scheme").asInt()).isEqualTo(2);
  }

  @Test
  void aPasskeyOwnerSignsThroughTheTypedDataFileAndAnAssertionFromTheBrowser() throws Exception {
    AccountCreation creation = account(passkey.publicKey(), List.of());
    Path accountFile = accountFile(creation);
    Path request = dir.resolve("request.json");
    String newOwner = k1.publicKey().toUncompressed().toHexString();

    CliRun out =
        run(
            "rotate",
            "--account-file",
            accountFile.toString(),
            "--new-owner",
            newOwner,
            "--typed-data-out",
            request.toString());

    assertThat(out.exitCode()).as("%s", out).isZero();
    assertThat(node.sent()).isEmpty();
    JsonNode req = new ObjectMapper().readTree(request.toFile());
    Bytes32 digest = Bytes32.fromHexString(req.get("digest").asText());
    assertThat(digest)
        .isEqualTo(txs.rotateOwner(AccountState.counterfactual(creation), k1.publicKey()).digest());
    assertThat(req.get("scheme").asInt()).isEqualTo(3);
    assertThat(req.get("webauthn").get("challenge").asText())
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest.toArray()));
    assertThat(req.get("typedData").get("primaryType").asText()).isEqualTo("UpdateConfig");
    assertThat(req.get("typedData").get("domain").get("chainId").asLong()).isEqualTo(31337);
    assertThat(out.out())
        .contains("digest           " + digest.toHexString())
        .contains("challenge        " + req.get("webauthn").get("challenge").asText())
        .contains("--signature-in");

    SoftwarePasskey.Assertion assertion = passkey.assertion(digest, true);
    Path sig = write("assertion.json", assertion.credentialJson());
    CliRun in =
        run(
            "rotate",
            "--account-file",
            accountFile.toString(),
            "--new-owner",
            newOwner,
            "--signature-in",
            sig.toString(),
            "--json");

    assertThat(in.exitCode()).as("%s", in).isZero();
    Transaction.UpdateConfig tx = (Transaction.UpdateConfig) single();
    WebAuthnSignature w = (WebAuthnSignature) tx.signature();
    assertThat(w).isEqualTo(assertion.toSignature());
    assertThat(w.signature().s()).isLessThanOrEqualTo(P256.HALF_N);
    assertThat(WebAuthn.verify(passkey.publicKey(), digest, w))
        .isEqualTo(WebAuthn.Verification.VALID);
    assertThat(tx.version()).isEqualTo(2);
    assertThat(in.json().get("transaction").get("signature").get("scheme").asInt()).isEqualTo(3);
  }

  @Test
  void anAssertionWhoseChallengeIsAnotherDigestIsRefusedNamingBoth() throws Exception {
    AccountCreation creation = account(passkey.publicKey(), List.of());
    Bytes32 digest =
        txs.rotateOwner(AccountState.counterfactual(creation), k1.publicKey()).digest();
    Bytes32 other =
        txs.rotateOwner(AccountState.counterfactual(creation), p256Guardian.publicKey()).digest();
    Path sig = write("assertion.json", passkey.assertion(other, false).credentialJson());

    CliRun r =
        run(
            "rotate",
            "--account-file",
            accountFile(creation).toString(),
            "--new-owner",
            k1.publicKey().toUncompressed().toHexString(),
            "--signature-in",
            sig.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("the assertion's challenge is " + other.toHexString())
        .contains("not this transaction's digest " + digest.toHexString());
    assertThat(node.sent()).isEmpty();
  }

  @Test
  void anExternalP256SignatureMustBeLowSAsRSOrComesAsDerAndOfTheSignersScheme() throws Exception {
    AccountCreation creation = account(owner.publicKey(), List.of());
    String[] rotate = {
      "rotate",
      "--account-file",
      accountFile(creation).toString(),
      "--new-owner",
      k1.publicKey().toUncompressed().toHexString()
    };
    Bytes32 digest =
        txs.rotateOwner(AccountState.counterfactual(creation), k1.publicKey()).digest();
    P256Signature low = owner.sign(digest);
    BigInteger highS = P256.N.subtract(low.s());

    Path high =
        write("high.hex", Bytes.concatenate(word(low.r()), word(highS)).toHexString() + "\n");
    CliRun refused = run(concat(rotate, "--signature-in", high.toString()));
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("high-s signatures are not accepted");

    Path k1Sig = write("k1.hex", k1.sign(digest).toBytes().toHexString());
    CliRun wrongScheme = run(concat(rotate, "--signature-in", k1Sig.toString()));
    assertThat(wrongScheme.exitCode()).isEqualTo(2);
    assertThat(wrongScheme.err())
        .contains("a P-256 key (scheme 2)")
        .contains("a secp256k1 signature (scheme 1)");
    assertThat(node.sent()).isEmpty();

    // What `openssl pkeyutl -sign` writes: DER, its s as it comes.
    Path der = dir.resolve("sig.der");
    Files.write(der, StandardDSAEncoding.INSTANCE.encode(P256.N, low.r(), highS));
    CliRun ok = run(concat(rotate, "--signature-in", der.toString()));
    assertThat(ok.exitCode()).as("%s", ok).isZero();
    assertThat(single().txSignature()).contains(low);
  }

  @Test
  void aP256KeyCannotSignForAPasskeyOwnerAndWithoutAKeyThePasskeyFlowIsNamed() throws Exception {
    AccountCreation creation = account(passkey.publicKey(), List.of());
    String[] rotate = {
      "rotate",
      "--account-file",
      accountFile(creation).toString(),
      "--new-owner",
      k1.publicKey().toUncompressed().toHexString()
    };

    CliRun samePoint =
        CliRun.run(
            Map.of(
                "KEYSTORE_RPC",
                node.url(),
                "KEYSTORE_KEY",
                String.format("0x%064x", BigInteger.valueOf(4002)),
                "KEYSTORE_SCHEME",
                "p256"),
            concat(new String[] {"account"}, rotate));
    assertThat(samePoint.exitCode()).isEqualTo(2);
    assertThat(samePoint.err()).contains("the signer is a WebAuthn key, which signs assertions");

    CliRun noKey = run(rotate);
    assertThat(noKey.exitCode()).isEqualTo(2);
    assertThat(noKey.err()).contains("a passkey").contains("--typed-data-out FILE");
    assertThat(node.sent()).isEmpty();
  }

  @Test
  void guardiansOfEverySchemeApproveARecoveryAndAP256OwnerSetsMixedGuardians() throws Exception {
    AccountCreation creation =
        account(
            owner.publicKey(),
            List.of(p256Guardian.publicKey(), passkeyGuardian.publicKey(), k1.publicKey()));
    Path accountFile = accountFile(creation);
    String proposed = "webauthn:" + passkey.publicKey().toUncompressed().toHexString();

    Path guardianPem = write("g.pem", PrivateKeys.p256Pkcs8Pem(BigInteger.valueOf(4102)));
    CliRun byP256 =
        run(
            "approve-recovery",
            "--account-file",
            accountFile.toString(),
            "--key-file",
            guardianPem.toString(),
            "--new-owner",
            proposed);
    assertThat(byP256.exitCode()).as("%s", byP256).isZero();
    Transaction.ApproveRecovery a0 = (Transaction.ApproveRecovery) single();
    assertThat(a0.guardianIndex()).isZero();
    assertThat(a0.newOwner()).isEqualTo(passkey.publicKey());
    assertThat(a0.version()).isEqualTo(2);

    String[] byPasskey = {
      "approve-recovery",
      "--account-file",
      accountFile.toString(),
      "--guardian-index",
      "1",
      "--new-owner",
      proposed
    };
    Path request = dir.resolve("approve.json");
    assertThat(run(concat(byPasskey, "--typed-data-out", request.toString())).exitCode()).isZero();
    Bytes32 digest =
        Bytes32.fromHexString(new ObjectMapper().readTree(request.toFile()).get("digest").asText());
    Path sig = write("a.json", passkeyGuardian.assertion(digest, true).credentialJson());
    CliRun approved = run(concat(byPasskey, "--signature-in", sig.toString()));
    assertThat(approved.exitCode()).as("%s", approved).isZero();
    Transaction.ApproveRecovery a1 = (Transaction.ApproveRecovery) node.sent().get(1);
    assertThat(a1.guardianIndex()).isEqualTo(1);
    assertThat(a1.signature()).isInstanceOf(WebAuthnSignature.class);

    CliRun setGuardians =
        run(
            "set-guardians",
            "--account-file",
            accountFile.toString(),
            "--key-file",
            write("owner.pem", PrivateKeys.p256Pkcs8Pem(OWNER_D)).toString(),
            "--guardian",
            TxJson.key(passkeyGuardian.publicKey()).toString(),
            "--guardian",
            k1.publicKey().toUncompressed().toHexString(),
            "--threshold",
            "2",
            "--delay",
            "7200");
    assertThat(setGuardians.exitCode()).as("%s", setGuardians).isZero();
    Transaction.UpdateConfig u = (Transaction.UpdateConfig) node.sent().get(2);
    assertThat(u.newSettings().guardianSet().guardians())
        .containsExactly(passkeyGuardian.publicKey(), k1.publicKey());
    assertThat(
            P256.verify(
                owner.publicKey(),
                txs.setGuardians(
                        AccountState.counterfactual(creation),
                        List.of(passkeyGuardian.publicKey(), k1.publicKey()),
                        2,
                        7200)
                    .digest(),
                (P256Signature) u.signature()))
        .isTrue();
  }

  @Test
  void aWalletsSecp256k1SignatureComesInThroughTheSignatureFileToo() throws Exception {
    AccountCreation creation = account(k1.publicKey(), List.of());
    String[] rotate = {
      "rotate",
      "--account-file",
      accountFile(creation).toString(),
      "--new-owner",
      "p256:" + owner.publicKey().toUncompressed().toHexString()
    };
    Path request = dir.resolve("request.json");
    assertThat(
            run(concat(rotate, "--typed-data-out", request.toString(), "--json"))
                .json()
                .get("signer")
                .asText())
        .isEqualTo(k1.publicKey().ethereumAddress().toChecksumHex());
    Bytes32 digest =
        Bytes32.fromHexString(new ObjectMapper().readTree(request.toFile()).get("digest").asText());
    Path sig = write("sig.hex", k1.sign(digest).toBytes().toHexString());

    CliRun r = run(concat(rotate, "--signature-in", sig.toString()));

    assertThat(r.exitCode()).as("%s", r).isZero();
    Transaction tx = single();
    assertThat(tx.version()).isEqualTo(1);
    assertThat(((Transaction.UpdateConfig) tx).newSettings().owner()).isEqualTo(owner.publicKey());
  }

  @Test
  void theExternalSignerOptionsExcludeEachOtherAndAreListedInTheHelp() throws Exception {
    AccountCreation creation = account(owner.publicKey(), List.of());
    String[] rotate = {
      "rotate",
      "--account-file",
      accountFile(creation).toString(),
      "--new-owner",
      k1.publicKey().toUncompressed().toHexString()
    };
    Path sig = write("sig.hex", "0x" + "11".repeat(64));

    assertThat(
            run(concat(
                    rotate,
                    "--typed-data-out",
                    dir.resolve("r.json").toString(),
                    "--signature-in",
                    sig.toString()))
                .err())
        .contains("not both");
    assertThat(run(concat(rotate, "--signature", "0x00", "--signature-in", sig.toString())).err())
        .contains("give --signature or --signature-in, not both");
    CliRun missing = run(concat(rotate, "--signature-in", dir.resolve("missing").toString()));
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read the signature file");
    assertThat(Files.exists(dir.resolve("r.json"))).isFalse();
    assertThat(node.sent()).isEmpty();

    assertThat(CliRun.run("account", "rotate", "--help").out())
        .contains("--typed-data-out", "--signature-in", "--scheme", "webauthn:");
    assertThat(CliRun.run("account", "--help").out())
        .contains("p256", "webauthn", "--typed-data-out");
  }

  // ------------------------------------------------------------------ helpers

  private CliRun run(String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("KEYSTORE_RPC", node.url());
    return CliRun.run(env, concat(new String[] {"account"}, args));
  }

  private Transaction single() {
    assertThat(node.sent()).hasSize(1);
    return node.sent().get(0);
  }

  private static AccountCreation account(PublicKey owner, List<PublicKey> guardians) {
    return Accounts.create(
        Fr.of(9),
        Accounts.settings(owner, guardians, guardians.isEmpty() ? 0 : 1, 3600, SpendingRules.NONE));
  }

  private Path accountFile(AccountCreation creation) throws Exception {
    Path file = Files.createTempFile(dir, "account", ".json");
    Files.delete(file);
    AccountFile.write(file, creation, SpendingRules.NONE);
    return file;
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static PublicKey publicKeyOf(JsonNode key) throws Exception {
    return TxJson.keyFromJson(((ObjectNode) key.deepCopy()).without("keyFile").toString());
  }

  private static byte[] pemBody(String pem) {
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(b64);
  }

  private static Bytes word(BigInteger v) {
    return Bytes32.leftPad(Bytes.wrap(v.toByteArray()).trimLeadingZeros());
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
