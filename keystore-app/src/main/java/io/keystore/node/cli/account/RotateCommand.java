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
      description =
          "The new owner's public key, of any scheme: 0x04… (secp256k1, 65 bytes), p256:0x04…, webauthn:0x04…, or {\"scheme\": N, \"publicKey\": \"0x04…\"}.")
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
