package io.keystore.node.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Defaults for every option, from an environment variable ({@code KEYSTORE_} + the option name in
 * upper snake case: {@code --l1-rpc} → {@code KEYSTORE_L1_RPC}), else from the config file, whose
 * keys are the option names without dashes ({@code l1-rpc=http://...}, properties syntax). The
 * command line wins over both.
 */
final class EnvAndFileDefaults implements CommandLine.IDefaultValueProvider {

  static final String ENV_PREFIX = "KEYSTORE_";

  private final Map<String, String> env;
  private final Properties file;

  EnvAndFileDefaults(Map<String, String> env, Optional<Path> configFile) {
    this.env = env;
    this.file = new Properties();
    if (configFile.isPresent()) {
      try (Reader r = Files.newBufferedReader(configFile.get())) {
        file.load(r);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            new CommandLine(new Object()),
            "cannot read the config file " + configFile.get() + ": " + e.getMessage());
      }
    }
  }

  /** The config file named by the arguments ({@code --config-file}) or the environment. */
  static Optional<Path> configFile(String[] args, Map<String, String> env) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config-file") && i + 1 < args.length) {
        return Optional.of(Path.of(args[i + 1]));
      }
      if (args[i].startsWith("--config-file=")) {
        return Optional.of(Path.of(args[i].substring("--config-file=".length())));
      }
    }
    return Optional.ofNullable(env.get(ENV_PREFIX + "CONFIG_FILE")).map(Path::of);
  }

  static String envName(String option) {
    return ENV_PREFIX + option.replaceFirst("^-+", "").replace('-', '_').toUpperCase();
  }

  @Override
  public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
    if (!(argSpec instanceof CommandLine.Model.OptionSpec option)) {
      return null;
    }
    String name = option.longestName();
    String fromEnv = env.get(envName(name));
    if (fromEnv != null) {
      return fromEnv;
    }
    String key = name.replaceFirst("^-+", "");
    return file.getProperty(key, option.defaultValue());
  }
}
