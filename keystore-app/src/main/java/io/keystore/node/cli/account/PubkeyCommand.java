package io.keystore.node.cli.account;

import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.tx.TxJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "pubkey",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Prints the public key of your key (--key-file, KEYSTORE_KEY, --dev-key): what an owner needs to make you a guardian or to rotate to you.")
final class PubkeyCommand extends AccountBase {

  @Mixin KeyOptions keys;

  @Override
  int execute() {
    PrivateKey key = keys.requireKey(spec);
    if (json) {
      printJson(TxJson.key(key.publicKey()));
    } else {
      println("public key       " + key.publicKey().toUncompressed().toHexString());
      println("address          " + key.publicKey().ethereumAddress());
    }
    return ExitCodes.OK;
  }
}
