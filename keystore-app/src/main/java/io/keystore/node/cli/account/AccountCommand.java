package io.keystore.node.cli.account;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keystore-node account ...}: the wallet CLI, over the node's JSON-RPC and the SDK. */
@Command(
    name = "account",
    mixinStandardHelpOptions = true,
    subcommands = {
      CreateCommand.class,
      ShowCommand.class,
      RotateCommand.class,
      SetGuardiansCommand.class,
      SetRulesCommand.class,
      ApproveRecoveryCommand.class,
      VetoRecoveryCommand.class,
      CancelRecoveryCommand.class,
      FinaliseRecoveryCommand.class,
      PubkeyCommand.class,
      KeygenCommand.class
    },
    footer = ExitCodes.FOOTER,
    description =
        "Keystore accounts: create one, show it with its proof, rotate the owner key, set guardians or spending rules, approve, cancel or finalise a recovery. Owners and guardians may hold keys of any scheme: secp256k1, p256 (raw P-256) or webauthn (a passkey). Your key comes from --key-file FILE or the KEYSTORE_KEY environment variable (never from the command line; --dev-key LABEL derives UNSAFE devnet keys; --scheme says its scheme). An external signer (a wallet, an HSM, a passkey) signs the request of --typed-data-out FILE and hands back --signature-in FILE. --rpc (KEYSTORE_RPC) names the node.")
public final class AccountCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name an account command");
  }
}
