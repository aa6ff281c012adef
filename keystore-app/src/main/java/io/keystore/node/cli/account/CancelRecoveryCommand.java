package io.keystore.node.cli.account;

import io.keystore.sdk.AccountState;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import picocli.CommandLine.Command;

@Command(
    name = "cancel-recovery",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Cancels the pending recovery once a guardian has vetoed it (veto-recovery), signed by the owner; a new recovery round starts. The owner alone cannot cancel (GUARDIAN_VETO_REQUIRED).")
final class CancelRecoveryCommand extends SigningCommand {

  @Override
  UnsignedTransaction build(KeystoreTransactions txs, AccountState account) {
    return txs.cancelRecovery(account);
  }
}
