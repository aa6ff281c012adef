package io.keystore.node.cli.account;

import io.keystore.sdk.AccountState;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.tx.TxJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "set-rules",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Sets the spending rules (the keystore keeps their hash; keep the list for the mini-account), signed by the owner. With guardians in place the change waits out the recovery delay, then takes effect with finalise-recovery.")
final class SetRulesCommand extends SigningCommand {

  @Option(
      names = "--rule",
      paramLabel = "TOKEN:PERIOD:LIMIT",
      description =
          "A limit: token address or eth, period in seconds, limit in the token's base unit (up to 8).")
  List<String> rules = new ArrayList<>();

  @Option(
      names = "--rules-file",
      paramLabel = "FILE",
      description = "The rule list as JSON: {\"rules\": [{\"token\", \"period\", \"limit\"}]}.")
  Path rulesFile;

  @Option(names = "--none", description = "Remove every limit.")
  boolean none;

  @Override
  void validate() {
    if (none == (!rules.isEmpty() || rulesFile != null)) {
      throw usage("give the new rules (--rule or --rules-file) or --none");
    }
    list();
  }

  private SpendingRules list() {
    return none ? SpendingRules.NONE : Inputs.rules(rules, rulesFile);
  }

  @Override
  UnsignedTransaction build(KeystoreTransactions txs, AccountState account) {
    SpendingRules list = list();
    if (!json) {
      err()
          .println(
              "spending rules (keep this list: the mini-account checks it against the hash): "
                  + TxJson.toJsonNode(list));
      err().flush();
    }
    return txs.setSpendingRules(account, list);
  }
}
