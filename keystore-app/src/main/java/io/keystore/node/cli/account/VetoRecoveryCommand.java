package io.keystore.node.cli.account;

import io.keystore.sdk.AccountState;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import io.keystore.state.crypto.SigningKey;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "veto-recovery",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Vetoes the pending recovery that has reached its threshold, signed by a guardian (the key given): an ApproveRecovery of the reserved veto key. The owner's cancel-recovery then stops the recovery; neither the veto nor the owner alone does.")
final class VetoRecoveryCommand extends SigningCommand {

  @Option(
      names = "--guardian-index",
      paramLabel = "INDEX",
      description =
          "The guardian's slot; by default found from your key (needed without a key: --typed-data-out and --signature-in, a passkey guardian).")
  Integer guardianIndex;

  @Override
  UnsignedTransaction build(KeystoreTransactions txs, AccountState account) {
    if (guardianIndex != null) {
      return txs.vetoRecovery(account, guardianIndex);
    }
    Optional<SigningKey> key = configuredKey();
    if (key.isEmpty()) {
      throw usage(
          "give the guardian's key (--key-file, KEYSTORE_KEY, --dev-key) or --guardian-index");
    }
    return txs.vetoRecovery(account, key.get().publicKey());
  }
}
