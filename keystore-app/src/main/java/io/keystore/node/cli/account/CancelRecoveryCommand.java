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
        "Cancels the pending recovery (the owner's veto), signed by the owner; a new recovery round starts.")
final class CancelRecoveryCommand extends SigningCommand {

  @Override
  UnsignedTransaction build(KeystoreTransactions txs, AccountState account) {
    return txs.cancelRecovery(account);
  }
}
