package io.keystore.node.cli.account;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.sdk.AccountState;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.tx.Transaction;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that builds a signed transaction: signed with the configured key, or, for an external
 * wallet, printed as EIP-712 typed data ({@code --typed-data}) and sent later with the wallet's
 * signature ({@code --signature}).
 */
abstract class SigningCommand extends TxCommand {

  @Mixin KeyOptions keys;

  @Option(
      names = "--typed-data",
      description =
          "Print the EIP-712 typed data to sign (eth_signTypedData_v4) and what its hashes stand for; send nothing.")
  boolean typedData;

  @Option(
      names = "--signature",
      paramLabel = "HEX",
      description =
          "Send with this 65-byte signature (r ‖ s ‖ v, from a wallet that signed the --typed-data output) instead of a key.")
  String signature;

  /** Checks the command's own options before the node is asked anything (throws usage errors). */
  void validate() {}

  /** The unsigned transaction for the account. */
  abstract UnsignedTransaction build(KeystoreTransactions txs, AccountState account);

  /** The configured key, if any (some commands read the signer's public key from it). */
  Optional<PrivateKey> configuredKey() {
    return keys.key(spec);
  }

  @Override
  final int execute() {
    if (typedData && signature != null) {
      throw usage(
          "give --typed-data (to print what to sign) or --signature (to send it), not both");
    }
    validate();
    KeystoreClient client = client();
    AccountState account = accountState(client);
    UnsignedTransaction u = build(new KeystoreTransactions(client.domain()), account);
    if (typedData) {
      printTypedData(u);
      return ExitCodes.OK;
    }
    Transaction tx =
        signature != null
            ? u.withSignature(parseSignature(signature))
            : u.sign(keys.requireKey(spec));
    return sendAndReport(client, tx, u.notes());
  }

  private void printTypedData(UnsignedTransaction u) {
    if (!json) {
      printJson(u.typedData());
      err()
          .println(
              "sign the typed data above with "
                  + u.signer().ethereumAddress()
                  + " (eth_signTypedData_v4), then run the same command with --signature 0x...");
      err()
          .println(
              "digest: " + u.digest().toHexString() + "; the hashes stand for: " + u.preimage());
      u.notes().forEach(n -> err().println("note: " + n));
      err().flush();
      return;
    }
    ObjectNode o = MAPPER.createObjectNode();
    o.put("account", u.account().toChecksumHex());
    o.put("type", u.type().jsonName());
    o.put("signer", u.signer().ethereumAddress().toChecksumHex());
    o.put("digest", u.digest().toHexString());
    o.set("typedData", u.typedData());
    o.set("preimage", u.preimage());
    ArrayNode n = o.putArray("notes");
    u.notes().forEach(n::add);
    printJson(o);
  }

  private Bytes parseSignature(String hex) {
    if (!hex.matches("0x[0-9a-fA-F]{130}")) {
      throw usage("--signature is 0x and 130 hex digits (65 bytes r ‖ s ‖ v)");
    }
    return Bytes.fromHexString(hex);
  }
}
