package io.keystore.state.tx;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.PublicKey;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Keys of schemes 2 and 3 in the binary and JSON forms (passkeys.md §2, transactions.md §5, §7).
 */
class PasskeyKeyEncodingTest {

  static final PublicKey P256_KEY =
      P256.publicKeyOf(PublicKey.SCHEME_P256, BigInteger.valueOf(1111));
  static final PublicKey PASSKEY =
      P256.publicKeyOf(PublicKey.SCHEME_WEBAUTHN, BigInteger.valueOf(2222));

  /** A passkey owner, a passkey guardian, a P-256 guardian and a secp256k1 guardian. */
  static Transaction mixed() {
    GuardianSet g = new GuardianSet(List.of(PASSKEY, P256_KEY, G0.publicKey()), 2, DAY);
    return SIGNING.updateConfig(
        OWNER, ACCOUNT, 0, new Settings(PASSKEY, g, RULES), Optional.empty());
  }

  @Test
  void mixedSchemeSettingsRoundTripThroughTheBinaryForm() throws DecodingException {
    Transaction tx = mixed();
    Bytes b = TxCodec.encode(tx);
    assertThat(b.get(2 + 20 + 8)).isEqualTo((byte) PublicKey.SCHEME_WEBAUTHN);
    assertThat(TxCodec.decode(b)).isEqualTo(tx);
  }

  @Test
  void mixedSchemeSettingsRoundTripThroughJsonWithoutAddressesForPasskeys()
      throws DecodingException {
    Transaction tx = mixed();
    ObjectNode json = TxJson.toJsonNode(tx);
    ObjectNode owner = (ObjectNode) json.get("newSettings").get("owner");
    assertThat(owner.get("scheme").asInt()).isEqualTo(PublicKey.SCHEME_WEBAUTHN);
    assertThat(owner.has("address")).isFalse();
    assertThat(json.get("newSettings").get("guardians").get(2).has("address")).isTrue();
    assertThat(TxJson.fromJson(json.toString())).isEqualTo(tx);
  }

  @Test
  void mixedSchemeConfigurationRoundTripsThroughStorageEncodingAndJson() throws DecodingException {
    GuardianSet g = new GuardianSet(List.of(PASSKEY, G0.publicKey()), 1, DAY);
    AccountConfig c = AccountConfig.initial(new Settings(PASSKEY, g, RULES));
    assertThat(TxCodec.decodeConfig(TxCodec.encodeConfig(c))).isEqualTo(c);
    assertThat(TxJson.configFromJson(TxJson.toJsonNode(c).toString())).isEqualTo(c);
  }

  @Test
  void addressOnAPasskeyIsRejectedInJson() {
    ObjectNode json = TxJson.toJsonNode(mixed());
    ((ObjectNode) json.get("newSettings").get("owner"))
        .put("address", "0x0000000000000000000000000000000000000001");
    assertThatThrownBy(() -> TxJson.fromJson(json.toString()))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("has no address");
  }
}
