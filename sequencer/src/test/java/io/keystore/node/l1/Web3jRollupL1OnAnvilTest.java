package io.keystore.node.l1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.devtools.CuttableRelay;
import io.keystore.devtools.DevDefaults;
import io.keystore.node.DevChain;
import java.io.IOException;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The JSON-RPC implementation of the L1 boundary against a real anvil with mining by hand: what the
 * submitter relies on when a send is not mined (a replacement at the same nonce, a dropped
 * transaction), when a reorg forgets it, and when the endpoint is down. The batch's proof cannot
 * verify, so a mined submission reverts (InvalidProof); that is enough for the transport.
 */
class Web3jRollupL1OnAnvilTest {

  private static final Credentials SEQUENCER = Credentials.create(DevDefaults.DEV_PRIVATE_KEY);

  private DevChain chain;
  private Web3jRollupL1 l1;
  private RollupL1.BatchSubmission batch;

  @BeforeEach
  void start() throws Exception {
    chain = DevChain.start();
    l1 = Web3jRollupL1.connect(chain.anvil.web3j(), chain.rollup, SEQUENCER);
    rpc("evm_setIntervalMining", 0);
    rpc("evm_setAutomine", false);
    batch = batch(Bytes32.leftPad(Bytes.ofUnsignedLong(1001)));
  }

  @AfterEach
  void stop() throws Exception {
    chain.close();
  }

  @Test
  void aReplacementWithAHigherFeeTakesThePendingSendsPlaceAndTheFirstIsThenTooLow()
      throws Exception {
    long nonce = l1.pendingNonce();
    BigInteger price = l1.gasPrice();
    RollupL1.Signed first = l1.sign(batch, nonce, price);
    assertThat(l1.send(first)).isEmpty();
    assertThat(l1.send(first)).as("a send L1 knows already").isEmpty();
    assertThat(l1.pendingNonce()).isEqualTo(nonce + 1);

    RollupL1.Signed samePrice =
        l1.sign(batch(Bytes32.leftPad(Bytes.ofUnsignedLong(1002))), nonce, price);
    assertThat(l1.send(samePrice))
        .hasValueSatisfying(e -> assertThat(e.toLowerCase()).contains("underpriced"));
    RollupL1.Signed bumped =
        l1.sign(
            batch, nonce, price.multiply(BigInteger.valueOf(125)).divide(BigInteger.valueOf(100)));
    assertThat(bumped.hash()).isNotEqualTo(first.hash());
    assertThat(l1.send(bumped)).isEmpty();
    rpc("evm_mine");

    assertThat(l1.receipt(first.hash())).isEmpty();
    assertThat(l1.receipt(bumped.hash()))
        .hasValueSatisfying(r -> assertThat(r.succeeded()).isFalse());
    assertThat(l1.pendingNonce()).isEqualTo(nonce + 1);
    assertThat(l1.send(first))
        .hasValueSatisfying(e -> assertThat(e.toLowerCase()).contains("nonce too low"));
  }

  @Test
  void aDroppedSendHasNoReceiptFreesItsNonceAndCanBeBroadcastAgain() throws Exception {
    long nonce = l1.pendingNonce();
    RollupL1.Signed signed = l1.sign(batch, nonce, l1.gasPrice());
    assertThat(l1.sign(batch, nonce, l1.gasPrice()))
        .as("signing is deterministic")
        .isEqualTo(signed);
    assertThat(l1.send(signed)).isEmpty();
    rpc("anvil_dropTransaction", signed.hash().toHexString());
    rpc("evm_mine");

    assertThat(l1.receipt(signed.hash())).isEmpty();
    assertThat(l1.pendingNonce()).isEqualTo(nonce);
    assertThat(l1.send(signed)).isEmpty();
    rpc("evm_mine");
    assertThat(l1.receipt(signed.hash())).isPresent();
  }

  @Test
  void aReorgForgetsAMinedSendsReceiptAndItsNonce() throws Exception {
    long nonce = l1.pendingNonce();
    Object snapshot = rpc("evm_snapshot");
    RollupL1.Signed signed = l1.sign(batch, nonce, l1.gasPrice());
    assertThat(l1.send(signed)).isEmpty();
    rpc("evm_mine");
    long minedIn = l1.receipt(signed.hash()).orElseThrow().l1Block();

    rpc("evm_revert", snapshot);

    assertThat(l1.blockNumber()).isLessThan(minedIn);
    assertThat(l1.receipt(signed.hash())).isEmpty();
    assertThat(l1.send(signed)).isEmpty();
    rpc("evm_mine");
    assertThat(l1.receipt(signed.hash())).isPresent();
  }

  @Test
  void anUnreachableEndpointIsAnIOExceptionNeverARevert() throws Exception {
    try (CuttableRelay relay = CuttableRelay.to(chain.anvil.url())) {
      Web3j web3j = Web3j.build(new HttpService(relay.url()));
      RollupL1 viaRelay = Web3jRollupL1.connect(web3j, chain.rollup, SEQUENCER);
      relay.cut();
      assertThatThrownBy(() -> viaRelay.simulate(batch)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> viaRelay.send(viaRelay.sign(batch, 0, BigInteger.ONE)))
          .isInstanceOf(IOException.class);
      relay.restore();
      assertThat(viaRelay.simulate(batch))
          .hasValueSatisfying(r -> assertThat(r.error()).contains("InvalidProof"));
      web3j.shutdown();
    }
  }

  /** A batch on the genesis root with a proof of the right length whose bytes cannot verify. */
  private RollupL1.BatchSubmission batch(Bytes32 newRoot) throws IOException {
    return new RollupL1.BatchSubmission(
        1,
        newRoot,
        2,
        l1.latestBlockTime(),
        0,
        Bytes.repeat((byte) 7, 52),
        Bytes.repeat((byte) 1, 384));
  }

  private Object rpc(String method, Object... params) throws IOException {
    return chain.anvil.rpc(method, params).getResult();
  }
}
