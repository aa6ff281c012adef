package io.keystore.node.cli.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.sdk.At;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.ProofVerifier;
import io.keystore.sdk.VerifiedAccount;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.api.AccountProof;
import io.keystore.state.crypto.Address;
import io.keystore.state.tx.TxJson;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Shows an account's configuration with its keystore proof, verified locally as a mini-account does: against the node's root, or against --at ROOT (e.g. the root L1 or an L2 holds).")
final class ShowCommand extends AccountBase {

  @Mixin AccountRef ref;

  @Option(
      names = "--at",
      defaultValue = "latest",
      paramLabel = "latest|BATCH|ROOT",
      description =
          "The state to read: latest (default), a state batch number, or a root (then the proof is verified against it).")
  String at;

  @Override
  int execute() {
    Optional<AccountCreation> creation = ref.creation();
    Address address = ref.address(creation);
    At position = position();
    KeystoreClient client = client();
    AccountProof proof = client.getProof(address, position);
    // The node's JSON of the same proof (by its root: "latest" may have moved meanwhile).
    JsonNode raw =
        json
            ? client.call("keystore_getProof", address.toChecksumHex(), proof.root().toHexString())
            : null;
    Bytes32 trusted = position instanceof At.Root r ? r.root() : proof.root();
    if (proof instanceof AccountProof.NonMember && creation.isEmpty()) {
      throw new IllegalStateException(
          "account "
              + address
              + " is not in the keystore at root "
              + proof.root().toHexString()
              + ": give --account-file to show its initial configuration and check its non-membership proof");
    }
    VerifiedAccount v = ProofVerifier.verify(proof, trusted, address, creation);
    if (json) {
      ObjectNode o = MAPPER.createObjectNode();
      o.put("account", address.toChecksumHex());
      o.put("root", trusted.toHexString());
      o.put("member", v.member());
      o.put("verified", true);
      o.set("config", TxJson.toJsonNode(v.config()));
      o.set("proof", raw);
      printJson(o);
      return ExitCodes.OK;
    }
    println(
        "account          "
            + address
            + (v.member() ? "" : " (not in the keystore yet: its initial configuration)"));
    println("root             " + trusted.toHexString());
    Describe.config(v.config()).forEach(this::println);
    println(
        "proof            "
            + (v.member() ? "membership" : "non-membership + initial configuration")
            + " proof verified against "
            + (position instanceof At.Root ? "the given root" : "the node's root")
            + " ("
            + (v.member()
                ? "leaf " + ((AccountProof.Member) proof).proof().index()
                : "low leaf " + ((AccountProof.NonMember) proof).proof().lowLeafIndex())
            + ")");
    return ExitCodes.OK;
  }

  private At position() {
    if (at.equals("latest")) {
      return At.latest();
    }
    if (at.matches("0x[0-9a-fA-F]{64}")) {
      return At.root(Bytes32.fromHexString(at));
    }
    try {
      return At.batch(Long.parseLong(at));
    } catch (IllegalArgumentException e) {
      throw usage("--at is latest, a state batch number, or a 32-byte root, got " + at);
    }
  }
}
