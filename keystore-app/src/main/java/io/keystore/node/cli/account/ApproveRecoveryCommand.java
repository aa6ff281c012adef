package io.keystore.node.cli.account;

import io.keystore.sdk.AccountState;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.SigningKey;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "approve-recovery",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Approves a recovery to a new owner key, signed by a guardian (the key given). Once the threshold is reached the recovery waits out the delay, then takes effect with finalise-recovery.")
final class ApproveRecoveryCommand extends SigningCommand {

  @Option(
      names = "--new-owner",
      required = true,
      paramLabel = "PUBKEY",
      description =
          "The proposed owner's public key, of any scheme: 0x04… (secp256k1), p256:0x04…, webauthn:0x04…, or {\"scheme\": N, \"publicKey\": \"0x04…\"}.")
  String newOwner;

  @Option(
      names = "--guardian-index",
      paramLabel = "INDEX",
      description =
          "The guardian's slot; by default found from your key (needed without a key: --typed-data-out and --signature-in, a passkey guardian).")
  Integer guardianIndex;

  @Override
  void validate() {
    Inputs.publicKey(newOwner);
  }

  @Override
  UnsignedTransaction build(KeystoreTransactions txs, AccountState account) {
    PublicKey proposed = Inputs.publicKey(newOwner);
    if (guardianIndex != null) {
      return txs.approveRecovery(account, guardianIndex, proposed);
    }
    Optional<SigningKey> key = configuredKey();
    if (key.isEmpty()) {
      throw usage(
          "give the guardian's key (--key-file, KEYSTORE_KEY, --dev-key) or --guardian-index");
    }
    return txs.approveRecovery(account, key.get().publicKey(), proposed);
  }
}
