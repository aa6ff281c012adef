package io.keystore.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.TxJson;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The configuration JSON the node sends (state.md §7), as the SDK reads it. */
class NodeJsonConfigTest {

  final PrivateKey owner = PrivateKey.of(BigInteger.valueOf(3001));
  final PrivateKey g0 = PrivateKey.of(BigInteger.valueOf(3101));
  final PrivateKey g1 = PrivateKey.of(BigInteger.valueOf(3102));

  AccountConfig vetoed() {
    Settings s =
        new Settings(
            owner.publicKey(),
            new GuardianSet(List.of(g0.publicKey(), g1.publicKey()), 1, 3600),
            Fr.ZERO);
    return AccountConfig.initial(s)
        .withPendingRecovery(
            Optional.of(
                new PendingRecovery(
                    PrivateKey.of(BigInteger.valueOf(3201)).publicKey(),
                    0b01,
                    0b10,
                    1_700_003_600L)));
  }

  @Test
  void aPendingRecoveryCarriesItsVetoes() {
    ObjectNode json = TxJson.toJsonNode(vetoed());
    assertThat(json.get("pendingRecovery").get("vetoes").intValue()).isEqualTo(0b10);
    AccountConfig parsed = NodeJson.config(json);
    assertThat(parsed).isEqualTo(vetoed());
    assertThat(parsed.pendingRecovery().orElseThrow().vetoedBy(1)).isTrue();
  }

  @Test
  void aPendingRecoveryWithoutVetoesIsAMalformedConfiguration() {
    ObjectNode json = TxJson.toJsonNode(vetoed());
    ((ObjectNode) json.get("pendingRecovery")).remove("vetoes");
    json.remove("configHash");
    assertThatThrownBy(() -> NodeJson.config(json))
        .isInstanceOf(KeystoreTransportException.class)
        .hasMessageContaining("vetoes");
  }
}
