package io.keystore.node.cli;

import io.keystore.node.cli.account.AccountCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The keystore node's command line: {@code run}, {@code devnet}, {@code devnet-time}, {@code
 * dev-tx} and the wallet's {@code account}.
 */
@Command(
    name = "keystore-node",
    mixinStandardHelpOptions = true,
    version = "keystore-node 0.1.0",
    subcommands = {
      RunCommand.class,
      DevnetCommand.class,
      DevnetTimeCommand.class,
      DevTxCommand.class,
      ProverWorkerCommand.class,
      AccountCommand.class
    },
    description =
        "The keystore rollup node. Options also come from KEYSTORE_<OPTION> environment variables and from --config-file.")
public final class NodeCli implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The command line, with defaults from the environment and the config file. */
  public static CommandLine commandLine(String[] args, Map<String, String> env) {
    return new CommandLine(new NodeCli())
        .setDefaultValueProvider(
            new EnvAndFileDefaults(env, EnvAndFileDefaults.configFile(args, env)));
  }

  public static void main(String[] args) {
    System.exit(commandLine(args, System.getenv()).execute(args));
  }
}
