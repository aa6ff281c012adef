package io.keystore.node.cli.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keystore.sdk.Accounts;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account commands' parsing, key handling, offline work and errors (no node needed). */
class AccountCliTest {

  static final String SALT = "0x0000000000000000000000000000000000000000000000000000000000000005";
  static final String KEY =
      "0x00000000000000000000000000000000000000000000000000000000000003e9"; // 1001

  @TempDir Path dir;

  final PrivateKey key = PrivateKey.of(BigInteger.valueOf(1001));
  final PrivateKey guardian = KeyOptions.devKey("guardian");

  @Test
  void aPrivateKeyTypedOnTheCommandLineIsRefused() {
    CliRun r = CliRun.run("account", "pubkey", "--key", KEY);

    assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).contains("never taken from the command line").contains("KEYSTORE_KEY");
    assertThat(r.out()).doesNotContain(KEY.substring(50));
  }

  @Test
  void theKeyComesFromTheEnvironmentOrAFile() throws Exception {
    CliRun fromEnv = CliRun.run(Map.of("KEYSTORE_KEY", KEY), "account", "pubkey", "--json");
    assertThat(fromEnv.exitCode()).as("%s", fromEnv).isZero();
    assertThat(fromEnv.json().get("publicKey").asText())
        .isEqualTo(key.publicKey().toUncompressed().toHexString());

    Path file = dir.resolve("k.hex");
    Files.writeString(file, KEY.substring(2) + "\n");
    CliRun fromFile = CliRun.run("account", "pubkey", "--key-file", file.toString());
    assertThat(fromFile.out()).contains(key.publicKey().ethereumAddress().toChecksumHex());
    CliRun fileByEnv =
        CliRun.run(Map.of("KEYSTORE_KEY_FILE", file.toString()), "account", "pubkey");
    assertThat(fileByEnv.out()).contains(key.publicKey().ethereumAddress().toChecksumHex());
  }

  @Test
  void aBadKeyFileIsAUsageErrorThatDoesNotEchoTheFile() throws Exception {
    Path file = dir.resolve("bad.hex");
    Files.writeString(file, "0x1234 secret-ish\n");
    CliRun r = CliRun.run("account", "pubkey", "--key-file", file.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("must hold a private key").doesNotContain("secret-ish");
    assertThat(
            CliRun.run("account", "pubkey", "--key-file", dir.resolve("missing").toString()).err())
        .contains("cannot read the key file");
    assertThat(CliRun.run("account", "pubkey").err()).contains("--key-file FILE, set KEYSTORE_KEY");
  }

  @Test
  void keygenWritesAKeyFileOnlyItsOwnerCanRead() throws Exception {
    Path file = dir.resolve("new.key");
    CliRun r = CliRun.run("account", "keygen", "--out", file.toString(), "--json");

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    CliRun pub = CliRun.run("account", "pubkey", "--key-file", file.toString(), "--json");
    assertThat(pub.json().get("publicKey")).isEqualTo(r.json().get("publicKey"));
    assertThat(CliRun.run("account", "keygen", "--out", file.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void createComputesTheAddressOfTheSaltAndInitialSettingsAndWritesTheAccountFile()
      throws Exception {
    Path file = dir.resolve("alice.json");
    CliRun r =
        CliRun.run(
            Map.of("KEYSTORE_KEY", KEY),
            "account",
            "create",
            "--salt",
            SALT,
            "--guardian",
            guardian.publicKey().toUncompressed().toHexString(),
            "--threshold",
            "1",
            "--delay",
            "7200",
            "--rule",
            "eth:86400:1000",
            "--out",
            file.toString(),
            "--json");

    assertThat(r.exitCode()).as("%s", r).isZero();
    SpendingRules rules =
        SpendingRules.of(new SpendingRule(SpendingRule.NATIVE, 86400, BigInteger.valueOf(1000)));
    AccountCreation expected =
        Accounts.create(
            Fr.of(5),
            Accounts.settings(key.publicKey(), List.of(guardian.publicKey()), 1, 7200, rules));
    JsonNode out = r.json();
    assertThat(out.get("address").asText()).isEqualTo(expected.address().toChecksumHex());
    assertThat(out.get("initialConfig").get("configHash").asText())
        .isEqualTo(expected.initialConfig().hash().toBytes().toHexString());
    assertThat(AccountFile.read(file)).isEqualTo(expected);
    assertThat(AccountFile.rules(file)).contains(rules);

    CliRun human =
        CliRun.run(
            Map.of("KEYSTORE_KEY", KEY),
            "account",
            "create",
            "--salt",
            SALT,
            "--guardian",
            guardian.publicKey().toUncompressed().toHexString(),
            "--threshold",
            "1",
            "--delay",
            "7200",
            "--rule",
            "eth:86400:1000");
    assertThat(human.out())
        .contains("account          " + expected.address())
        .contains("1 of 1:")
        .contains("no --out");
  }

  @Test
  void createRefusesInvalidSettingsAddressesForKeysAndAnExistingFile() throws Exception {
    Map<String, String> env = Map.of("KEYSTORE_KEY", KEY);
    CliRun threshold =
        CliRun.run(
            env,
            "account",
            "create",
            "--guardian",
            guardian.publicKey().toUncompressed().toHexString(),
            "--threshold",
            "2");
    assertThat(threshold.exitCode()).isEqualTo(2);
    assertThat(threshold.err()).contains("invalid settings").contains("threshold");

    CliRun address =
        CliRun.run(
            env,
            "account",
            "create",
            "--guardian",
            guardian.publicKey().ethereumAddress().toChecksumHex(),
            "--threshold",
            "1");
    assertThat(address.exitCode()).isEqualTo(2);
    assertThat(address.err()).contains("is an address").contains("account pubkey");

    assertThat(CliRun.run(env, "account", "create", "--rule", "eth:0:5").err())
        .contains("period must be above 0");
    assertThat(CliRun.run(env, "account", "create", "--delay", "10").err())
        .contains("recovery delay");
    assertThat(CliRun.run("account", "create").err()).contains("give --owner PUBKEY");

    Path file = dir.resolve("taken.json");
    Files.writeString(file, "{}");
    CliRun exists = CliRun.run(env, "account", "create", "--out", file.toString());
    assertThat(exists.exitCode()).isEqualTo(2);
    assertThat(exists.err()).contains("not overwritten");
  }

  @Test
  void transactionCommandsCheckTheirArgumentsBeforeAskingTheNode() throws Exception {
    String node = "http://127.0.0.1:" + closedPort();
    Map<String, String> env = Map.of("KEYSTORE_KEY", KEY, "KEYSTORE_RPC", node);
    String account = "0x00000000000000000000000000000000000000aa";

    assertThat(CliRun.run(env, "account", "rotate", "--account", account).err())
        .contains("--new-owner");
    assertThat(
            CliRun.run(env, "account", "rotate", "--account", account, "--new-owner", "0x04ab")
                .err())
        .contains("a public key is 65 bytes");
    assertThat(CliRun.run(env, "account", "set-rules", "--account", account).err())
        .contains("or --none");
    assertThat(
            CliRun.run(
                    env,
                    "account",
                    "set-rules",
                    "--account",
                    account,
                    "--none",
                    "--rule",
                    "eth:1:1")
                .err())
        .contains("or --none");
    assertThat(
            CliRun.run(
                    env,
                    "account",
                    "rotate",
                    "--account",
                    account,
                    "--new-owner",
                    guardian.publicKey().toUncompressed().toHexString(),
                    "--wait",
                    "mined")
                .err())
        .contains("expected pending, batched");
    assertThat(
            CliRun.run(
                    env,
                    "account",
                    "rotate",
                    "--new-owner",
                    guardian.publicKey().toUncompressed().toHexString())
                .err())
        .contains("give --account ADDRESS or --account-file FILE");
    assertThat(
            CliRun.run(
                    env,
                    "account",
                    "cancel-recovery",
                    "--account",
                    account,
                    "--typed-data",
                    "--signature",
                    "0x" + "11".repeat(65))
                .err())
        .contains("not both");
    assertThat(CliRun.run(env, "account").exitCode()).isEqualTo(2);
  }

  @Test
  void anUnreachableNodeExitsWithThreeAndSaysWhere() throws Exception {
    String node = "http://127.0.0.1:" + closedPort();
    CliRun r =
        CliRun.run(
            Map.of("KEYSTORE_KEY", KEY),
            "account",
            "rotate",
            "--rpc",
            node,
            "--account",
            "0x00000000000000000000000000000000000000aa",
            "--new-owner",
            guardian.publicKey().toUncompressed().toHexString(),
            "--json");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("cannot reach the keystore node at " + node);
    assertThat(r.json().get("error").get("exitCode").asInt()).isEqualTo(3);
  }

  @Test
  void anAccountFileThatDisagreesWithTheAddressIsRefused() throws Exception {
    Path file = dir.resolve("a.json");
    assertThat(
            CliRun.run(
                    Map.of("KEYSTORE_KEY", KEY),
                    "account",
                    "create",
                    "--salt",
                    SALT,
                    "--out",
                    file.toString())
                .exitCode())
        .isZero();
    CliRun r =
        CliRun.run(
            "account",
            "show",
            "--account",
            "0x00000000000000000000000000000000000000aa",
            "--account-file",
            file.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("is not the account of");

    Files.writeString(file, Files.readString(file).replace(SALT, SALT.replace("05", "06")));
    assertThat(CliRun.run("account", "show", "--account-file", file.toString()).err())
        .contains("give address");
  }

  @Test
  void theAccountGroupListsEveryCommandAndTheKeyAndExitCodeRules() {
    CliRun r = CliRun.run("account", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "create",
            "show",
            "rotate",
            "set-guardians",
            "set-rules",
            "approve-recovery",
            "veto-recovery",
            "cancel-recovery",
            "finalise-recovery",
            "pubkey",
            "keygen",
            "KEYSTORE_KEY",
            "Exit codes");
    CliRun rotate = CliRun.run("account", "rotate", "--help");
    assertThat(rotate.out())
        .contains(
            "--key-file", "--dev-key", "--typed-data", "--signature", "--wait", "--rpc", "--json")
        .doesNotContain("--key ");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
