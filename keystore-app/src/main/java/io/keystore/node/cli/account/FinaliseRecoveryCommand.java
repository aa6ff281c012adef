package io.keystore.node.cli.account;

import io.keystore.sdk.AccountState;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.state.tx.Transaction;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "finalise-recovery",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Makes a recovery that reached its threshold, or else a pending change of guardians or rules, take effect once its delay has passed. Unsigned: anyone may send it.")
final class FinaliseRecoveryCommand extends TxCommand {

  @Override
  int execute() {
    KeystoreClient client = client();
    AccountState account = accountState(client);
    Transaction tx = new KeystoreTransactions(client.domain()).finaliseRecovery(account);
    return sendAndReport(client, tx, List.of());
  }
}
