package io.keystore.node.cli.account;

import io.keystore.sdk.Keys;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.PendingUpdate;
import io.keystore.state.account.U64;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.TxJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Account configurations as text for people. */
final class Describe {

  private Describe() {}

  static List<String> config(AccountConfig c) {
    List<String> lines = new ArrayList<>();
    lines.add("owner            " + key(c.owner()));
    lines.add(
        "guardians        " + guardians(c.guardianSet().guardians(), c.guardianSet().threshold()));
    lines.add("recovery delay   " + U64.toString(c.guardianSet().recoveryDelay()) + " s");
    lines.add("spending rules   " + rules(c.spendingRulesHash()));
    lines.add("nonce            " + U64.toString(c.nonce()));
    lines.add("recovery epoch   " + U64.toString(c.recoveryEpoch()));
    lines.add(
        "pending recovery "
            + c.pendingRecovery()
                .map(p -> recovery(p, c.guardianSet().threshold()))
                .orElse("none"));
    lines.add("pending update   " + c.pendingUpdate().map(Describe::update).orElse("none"));
    lines.add("config hash      " + TxJson.hex(c.hash()));
    return lines;
  }

  static String key(PublicKey k) {
    return k.address()
        .map(a -> a + " (public key " + k.toUncompressed().toHexString() + ")")
        .orElseGet(() -> Keys.schemeName(k.scheme()) + " key " + Inputs.argument(k));
  }

  private static String guardians(List<PublicKey> gs, int threshold) {
    if (gs.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder(threshold + " of " + gs.size() + ":");
    for (int i = 0; i < gs.size(); i++) {
      b.append(" [").append(i).append("] ").append(Keys.describe(gs.get(i)));
    }
    return b.toString();
  }

  private static String rules(Fr hash) {
    return hash.isZero() ? "none (no limits)" : "hash " + TxJson.hex(hash);
  }

  private static String recovery(PendingRecovery p, int threshold) {
    return "to "
        + Keys.describe(p.proposedOwner())
        + ", "
        + p.approvalCount()
        + " of "
        + threshold
        + " approvals"
        + (p.vetoes() != 0 ? ", vetoed by " + Integer.bitCount(p.vetoes()) + " guardian(s)" : "")
        + (p.reachedThreshold() ? ", executable after " + time(p.executableAfter()) : "");
  }

  private static String update(PendingUpdate u) {
    return u.guardianSet().size()
        + " guardians (threshold "
        + u.guardianSet().threshold()
        + ", delay "
        + U64.toString(u.guardianSet().recoveryDelay())
        + " s), spending rules "
        + rules(u.spendingRulesHash())
        + ", executable after "
        + time(u.executableAfter());
  }

  private static String time(long t) {
    return t >= 0 ? Instant.ofEpochSecond(t) + " (" + U64.toString(t) + ")" : U64.toString(t);
  }
}
