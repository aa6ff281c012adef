package io.keystore.node.l1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

class RollupErrorsTest {

  @Test
  void everyCustomErrorOfTheRollupContractIsKnownBySignature() throws Exception {
    Path source =
        io.keystore.devtools.ProjectRoot.path().resolve("l1-contracts/src/KeystoreRollup.sol");
    Matcher m =
        Pattern.compile("\\berror\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*;")
            .matcher(Files.readString(source));
    List<String> declared = new ArrayList<>();
    while (m.find()) {
      String types =
          Arrays.stream(m.group(2).split(","))
              .map(String::trim)
              .filter(p -> !p.isEmpty())
              .map(p -> p.split("\\s+")[0])
              .collect(Collectors.joining(","));
      declared.add(m.group(1) + "(" + types + ")");
    }

    assertThat(declared).isNotEmpty();
    assertThat(RollupErrors.SIGNATURES).containsAll(declared);
  }

  @Test
  void aRevertIsNamedByItsSelectorWithItsArguments() {
    assertThat(RollupErrors.describe(Bytes.fromHexString("0x09bde339"), ""))
        .isEqualTo("InvalidProof()");
    assertThat(RollupErrors.name(Bytes.fromHexString("0x09bde339"))).hasValue("InvalidProof");
    Bytes timeBeforePrevious =
        Bytes.concatenate(
            RollupErrors.selector("BatchTimeBeforePrevious(uint64,uint64)"),
            Bytes.fromHexString("0x" + "00".repeat(31) + "0a"),
            Bytes.fromHexString("0x" + "00".repeat(31) + "0c"));
    assertThat(RollupErrors.describe(timeBeforePrevious, ""))
        .isEqualTo("BatchTimeBeforePrevious(10, 12)");
  }

  @Test
  void anUnknownOrEmptyRevertIsShownAsItCame() {
    assertThat(RollupErrors.name(Bytes.fromHexString("0xdeadbeef"))).isEmpty();
    assertThat(RollupErrors.describe(Bytes.fromHexString("0xdeadbeef"), "")).contains("0xdeadbeef");
    assertThat(RollupErrors.describe(Bytes.EMPTY, "execution reverted"))
        .contains("without data", "execution reverted");
  }
}
