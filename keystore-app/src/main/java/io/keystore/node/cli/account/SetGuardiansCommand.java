package io.keystore.node.cli.account;

import io.keystore.sdk.AccountState;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "set-guardians",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Sets the guardians, their threshold and the recovery delay, signed by the owner. With guardians in place the change waits out the current recovery delay, then takes effect with finalise-recovery.")
final class SetGuardiansCommand extends SigningCommand {

  @Option(
      names = "--guardian",
      paramLabel = "PUBKEY",
      description =
          "A guardian's public key, in slot order (0 to 4 times; none removes all), of any scheme: 0x04… (secp256k1), p256:0x04…, webauthn:0x04…, or {\"scheme\": N, \"publicKey\": \"0x04…\"}.")
  List<String> guardians = new ArrayList<>();

  @Option(
      names = "--threshold",
      required = true,
      description = "Approvals a recovery needs (0 without guardians).")
  int threshold;

  @Option(
      names = "--delay",
      required = true,
      paramLabel = "SECONDS",
      description = "Recovery delay, 3600 to 2592000 seconds.")
  long delay;

  @Override
  void validate() {
    Inputs.publicKeys(guardians);
  }

  @Override
  UnsignedTransaction build(KeystoreTransactions txs, AccountState account) {
    return txs.setGuardians(account, Inputs.publicKeys(guardians), threshold, delay);
  }
}
