package io.keystore.node.cli.account;

import io.keystore.sdk.AccountState;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Rotates the owner key (at once), signed by the current owner. Guardians and spending rules stay; a pending change of them is withdrawn.")
final class RotateCommand extends SigningCommand {

  @Option(
      names = "--new-owner",
      required = true,
      paramLabel = "PUBKEY",
      description = "The new owner's public key (0x04…, 65 bytes).")
  String newOwner;

  @Override
  void validate() {
    Inputs.publicKey(newOwner);
  }

  @Override
  UnsignedTransaction build(KeystoreTransactions txs, AccountState account) {
    return txs.rotateOwner(account, Inputs.publicKey(newOwner));
  }
}
