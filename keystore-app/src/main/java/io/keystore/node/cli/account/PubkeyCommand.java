package io.keystore.node.cli.account;

import io.keystore.sdk.Keys;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.SigningKey;
import io.keystore.state.tx.TxJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "pubkey",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Prints the public key of your key (--key-file, KEYSTORE_KEY, --dev-key; --scheme p256 for a hex P-256 key): what an owner needs to make you a guardian or to rotate to you.")
final class PubkeyCommand extends AccountBase {

  @Mixin KeyOptions keys;

  @Override
  int execute() {
    SigningKey key = keys.requireKey(spec);
    if (json) {
      printJson(TxJson.key(key.publicKey()));
    } else {
      describe(this, key.publicKey());
    }
    return ExitCodes.OK;
  }

  /** The lines for people: the key, its scheme, and its address or how to name it. */
  static void describe(AccountBase cmd, PublicKey k) {
    cmd.println("public key       " + k.toUncompressed().toHexString());
    if (k.address().isPresent()) {
      cmd.println("address          " + k.ethereumAddress());
    } else {
      cmd.println(
          "scheme           "
              + Keys.schemeName(k.scheme())
              + " ("
              + k.scheme()
              + "; no address: name it as "
              + KeyScheme.of(k.scheme()).cliName
              + ":0x04…)");
      cmd.println("as an argument   " + Inputs.argument(k));
    }
  }
}
