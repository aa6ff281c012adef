package io.keystore.state.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.crypto.PublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch circuits' names and contract ids (docs/spec/proof.md §9). */
class BatchCircuitNamesTest {

  /** The table of proof.md §9: name → circuit id. */
  static final Map<String, Integer> SPEC =
      Map.of(
          "batch-1", 1,
          "batch-4", 4,
          "batch-16", 16,
          "batch-1-p256", 257,
          "batch-1-webauthn", 513);

  @Test
  void theCircuitsOfTheSpecHaveTheirNamesAndIds() {
    SPEC.forEach(
        (name, id) -> {
          BatchCircuit c = BatchCircuit.fromName(name);
          assertThat(c.name()).isEqualTo(name);
          assertThat(c.id()).isEqualTo(id);
          assertThat(BatchCircuit.fromId(id)).isEqualTo(c);
          assertThat(c.id() % BatchCircuit.ID_STRIDE).isEqualTo(c.slots());
        });
    assertThat(BatchCircuit.fromName("batch-1-p256").scheme()).isEqualTo(PublicKey.SCHEME_P256);
    assertThat(BatchCircuit.fromName("batch-1-webauthn").scheme())
        .isEqualTo(PublicKey.SCHEME_WEBAUTHN);
  }

  @Test
  void theSecp256k1CircuitsKeepTheirSizesAsIds() {
    for (int slots : BatchCircuit.SIZES) {
      assertThat(BatchCircuit.secp256k1(slots).id()).isEqualTo(slots);
      assertThat(BatchCircuit.secp256k1(slots).name()).isEqualTo("batch-" + slots);
    }
  }

  @Test
  void aPasskeySchemeHasOneSlotWhateverTheNodesSize() {
    for (int maxSlots : BatchCircuit.SIZES) {
      assertThat(BatchCircuit.forScheme(PublicKey.SCHEME_SECP256K1, maxSlots).slots())
          .isEqualTo(maxSlots);
      assertThat(BatchCircuit.forScheme(PublicKey.SCHEME_P256, maxSlots).name())
          .isEqualTo("batch-1-p256");
      assertThat(BatchCircuit.forScheme(PublicKey.SCHEME_WEBAUTHN, maxSlots).id()).isEqualTo(513);
    }
  }

  @Test
  void otherSizesSchemesIdsAndNamesAreRefused() {
    assertThatThrownBy(() -> BatchCircuit.secp256k1(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchCircuit.secp256k1(256))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BatchCircuit(4, 1)).isInstanceOf(IllegalArgumentException.class);
    for (int id : new int[] {0, 256, 512, 769, -1}) {
      assertThatThrownBy(() -> BatchCircuit.fromId(id))
          .as("id %d", id)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> BatchCircuit.fromName("aggregate-2"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
