package io.keystore.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HexParamTest {

  @Test
  void acceptsZeroXThenAnEvenNumberOfHexDigitsOfEitherCase() {
    assertThat(KeystoreApi.isHexOfWholeBytes("0x")).isTrue();
    assertThat(KeystoreApi.isHexOfWholeBytes("0x00aAfF09")).isTrue();
  }

  @Test
  void refusesAnOddDigitCountAMissingPrefixAndAnyOtherCharacter() {
    assertThat(KeystoreApi.isHexOfWholeBytes("0x0")).isFalse();
    assertThat(KeystoreApi.isHexOfWholeBytes("00aa")).isFalse();
    assertThat(KeystoreApi.isHexOfWholeBytes("0X00")).isFalse();
    assertThat(KeystoreApi.isHexOfWholeBytes("0x0g")).isFalse();
    assertThat(KeystoreApi.isHexOfWholeBytes("0x\uFF10\uFF10")).isFalse(); // full-width digits
    assertThat(KeystoreApi.isHexOfWholeBytes("0x 0")).isFalse();
  }
}
