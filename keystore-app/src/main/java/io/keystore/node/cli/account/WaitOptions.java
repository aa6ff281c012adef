package io.keystore.node.cli.account;

import io.keystore.sdk.TxStatus;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Whether, and how long, to wait for a sent transaction's receipt. */
final class WaitOptions {

  @Option(
      names = "--wait",
      paramLabel = "STATUS",
      description =
          "Wait until the transaction is pending, batched, proven, submitted or finalised; default: return once admitted.",
      converter = StatusConverter.class)
  TxStatus status;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "Longest --wait (default: ${DEFAULT-VALUE} s).")
  long timeoutSeconds;

  Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  static final class StatusConverter implements picocli.CommandLine.ITypeConverter<TxStatus> {
    @Override
    public TxStatus convert(String value) {
      try {
        return TxStatus.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "expected pending, batched, proven, submitted or finalised, got " + value);
      }
    }
  }
}
