package io.keystore.node.cli.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.sdk.Accounts;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.Settings;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.SigningKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Creates an account: its address from a salt and the initial settings (usable on every L2 at once), written with the initial configuration to --out. The keystore learns of it with its first transaction (which carries the account file's data), or at once with --send.")
final class CreateCommand extends AccountBase {

  @Mixin KeyOptions keys;

  @Mixin WaitOptions waitOptions;

  @Option(
      names = "--owner",
      paramLabel = "PUBKEY",
      description =
          "The owner's public key (0x04…, read in --scheme; or p256:0x04…, webauthn:0x04…, or {\"scheme\": 3, \"publicKey\": \"0x04…\"}); by default your key's.")
  String owner;

  @Option(
      names = "--salt",
      defaultValue = "random",
      paramLabel = "HEX|random",
      description =
          "A field element (32 bytes hex) that makes the address unique (default: ${DEFAULT-VALUE}).")
  String salt;

  @Option(
      names = "--guardian",
      paramLabel = "PUBKEY",
      description =
          "A guardian's public key, in slot order (0 to 4 times), of any scheme: 0x04… (secp256k1), p256:0x04…, webauthn:0x04…, or the key object {\"scheme\": N, \"publicKey\": \"0x04…\"}.")
  List<String> guardians = new ArrayList<>();

  @Option(
      names = "--threshold",
      defaultValue = "0",
      description =
          "Approvals a recovery needs (default: ${DEFAULT-VALUE}; 1..guardians with guardians).")
  int threshold;

  @Option(
      names = "--delay",
      defaultValue = "86400",
      paramLabel = "SECONDS",
      description = "Recovery delay (default: ${DEFAULT-VALUE} s; 3600 to 2592000).")
  long delay;

  @Option(
      names = "--rule",
      paramLabel = "TOKEN:PERIOD:LIMIT",
      description = "A spending limit (see set-rules).")
  List<String> rules = new ArrayList<>();

  @Option(
      names = "--rules-file",
      paramLabel = "FILE",
      description = "The spending rule list as JSON.")
  Path rulesFile;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the account file here (keep it: the first transaction needs it).")
  Path out;

  @Option(
      names = "--send",
      description =
          "Also send a transaction, signed by the owner, that writes the account into the keystore.")
  boolean send;

  @Override
  int execute() throws Exception {
    Optional<SigningKey> key = keys.key(spec);
    PublicKey ownerKey =
        owner != null
            ? Inputs.publicKey(owner, keys.scheme())
            : key.map(SigningKey::publicKey)
                .orElseThrow(
                    () ->
                        usage(
                            keys.scheme().orElse(KeyScheme.SECP256K1) == KeyScheme.WEBAUTHN
                                ? "give --owner PUBKEY: the passkey's public key (from its registration)"
                                : "give --owner PUBKEY, or a key (--key-file, KEYSTORE_KEY, --dev-key)"));
    if (send && key.isEmpty()) {
      throw usage(
          "--send signs the first transaction with the owner's key (--key-file, KEYSTORE_KEY,"
              + " --dev-key); without one, keep the account file: the account's first transaction"
              + " (any signing command with --account-file; --typed-data-out and --signature-in"
              + " for a passkey) carries its creation");
    }
    SpendingRules list = Inputs.rules(rules, rulesFile);
    Settings settings =
        Accounts.settings(ownerKey, Inputs.publicKeys(guardians), threshold, delay, list);
    AccountCreation creation = Accounts.create(salt(), settings);
    if (out != null) {
      if (Files.exists(out)) {
        throw new IllegalArgumentException(out + " exists; the account file is not overwritten");
      }
      AccountFile.write(out, creation, list);
    }
    report(creation, list);
    if (!send) {
      return ExitCodes.OK;
    }
    KeystoreClient client = client();
    UnsignedTransaction u = new KeystoreTransactions(client.domain()).createAccount(creation);
    Transaction tx = u.sign(key.get());
    return TxCommand.send(this, client, tx, u.notes(), waitOptions);
  }

  private Fr salt() {
    if (salt.equals("random")) {
      return Accounts.randomSalt(new SecureRandom());
    }
    if (!salt.matches("0x[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("--salt is random or 0x and 64 hex digits, got " + salt);
    }
    return Fr.fromBytes(Bytes32.fromHexString(salt));
  }

  private void report(AccountCreation creation, SpendingRules list) {
    if (json) {
      ObjectNode o = AccountFile.toJson(creation, list);
      o.set("initialConfig", TxJson.toJsonNode(creation.initialConfig()));
      if (out != null) {
        o.put("accountFile", out.toString());
      }
      if (!send) {
        printJson(o);
      } else {
        err().println(o.toPrettyString());
        err().flush();
      }
      return;
    }
    println("account          " + creation.address());
    println("salt             " + TxJson.hex(creation.salt()));
    Describe.config(creation.initialConfig()).stream().limit(4).forEach(this::println);
    if (!list.isEmpty()) {
      println("rule list        " + TxJson.toJsonNode(list).get("rules"));
    }
    if (creation.settings().guardianSet().guardians().contains(creation.settings().owner())) {
      println(
          "warning: the owner key is also a guardian, so it counts towards the recovery threshold");
    }
    println(
        out != null
            ? "account file     "
                + out
                + " (keep it: the account's first transaction and its proofs need it)"
            : "no --out: keep the salt and the initial settings, the account's first transaction needs them");
  }
}
