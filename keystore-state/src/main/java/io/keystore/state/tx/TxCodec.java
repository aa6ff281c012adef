package io.keystore.state.tx;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.PendingUpdate;
import io.keystore.state.account.Settings;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Signature;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.hash.Fr;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The canonical binary encoding, version 1 (docs/spec/transactions.md §5, and state.md §6 for
 * configurations): fixed-width big-endian fields, one length per type (two with the optional
 * creation). Decoding accepts exactly the encodings {@link #encode} produces and rejects everything
 * else with a {@link DecodingException}. Stateless and thread-safe.
 */
public final class TxCodec {

  /** Byte length of a key (scheme, x, y) and of a key slot. */
  public static final int KEY_LENGTH = 65;

  /** Byte length of a guardian set (threshold, delay, 4 key slots). */
  public static final int GUARDIAN_SET_LENGTH = 1 + 8 + GuardianSet.MAX_GUARDIANS * KEY_LENGTH;

  /** Byte length of settings (owner, guardian set, spending rules hash). */
  public static final int SETTINGS_LENGTH = KEY_LENGTH + GUARDIAN_SET_LENGTH + 32;

  /** Byte length of a present creation block (flag, salt, settings). */
  public static final int CREATION_LENGTH = 1 + 32 + SETTINGS_LENGTH;

  public static final int UPDATE_CONFIG_LENGTH = 2 + 20 + 8 + SETTINGS_LENGTH + 1 + 65;
  public static final int APPROVE_RECOVERY_LENGTH = 2 + 20 + 1 + KEY_LENGTH + 8 + 1 + 65;
  public static final int CANCEL_RECOVERY_LENGTH = 2 + 20 + 8 + 65;
  public static final int FINALISE_RECOVERY_LENGTH = 2 + 20;

  /** The version byte of account configuration encodings. */
  public static final int CONFIG_VERSION = 1;

  /** The version byte of spending-rules encodings. */
  public static final int SPENDING_RULES_VERSION = 1;

  /** Byte length of one spending rule (token, period, limit). */
  public static final int SPENDING_RULE_LENGTH = 20 + 8 + 32;

  private TxCodec() {}

  // ---------------------------------------------------------------- transactions

  /**
   * The canonical encoding.
   *
   * @throws IllegalArgumentException if a guardian set has more than 4 guardians, or a threshold or
   *     index does not fit its byte (such a transaction has no encoding)
   */
  public static Bytes encode(Transaction tx) {
    Writer w = new Writer();
    w.u8(tx.version());
    w.u8(tx.type().code());
    w.address(tx.account());
    switch (tx) {
      case Transaction.UpdateConfig u -> {
        w.u64(u.nonce());
        w.settings(u.newSettings());
        w.creation(u.creation());
        w.signature(u.signature());
      }
      case Transaction.ApproveRecovery a -> {
        if (a.guardianIndex() >= GuardianSet.MAX_GUARDIANS) {
          throw new IllegalArgumentException("guardianIndex above 3: " + a.guardianIndex());
        }
        w.u8(a.guardianIndex());
        w.key(a.newOwner());
        w.u64(a.recoveryEpoch());
        w.creation(a.creation());
        w.signature(a.signature());
      }
      case Transaction.CancelRecovery c -> {
        w.u64(c.nonce());
        w.signature(c.signature());
      }
      case Transaction.FinaliseRecovery f -> {
        // account only
      }
    }
    return w.toBytes();
  }

  /** The transaction hash, keccak256 of the encoding. */
  public static Bytes32 hash(Transaction tx) {
    return Keccak256.hash(encode(tx));
  }

  /**
   * Decodes a canonical encoding.
   *
   * @throws DecodingException if the input is truncated, has trailing bytes, an unknown version or
   *     type, a non-canonical field element, an invalid key, or a malformed signature
   */
  public static Transaction decode(Bytes input) throws DecodingException {
    Reader r = new Reader(input);
    int version = r.u8("version");
    if (version != Transaction.VERSION && version != Transaction.VERSION_PASSKEY_SIGNATURE) {
      throw new DecodingException("unknown transaction version " + version);
    }
    int code = r.u8("type");
    TxType type =
        TxType.fromCode(code)
            .orElseThrow(() -> new DecodingException("unknown transaction type " + code));
    Address account = r.address("account");
    Transaction tx =
        switch (type) {
          case UPDATE_CONFIG -> {
            long nonce = r.u64("nonce");
            Settings s = r.settings("newSettings");
            Optional<AccountCreation> creation = r.creation();
            TxSignature sig = r.signature(version);
            yield new Transaction.UpdateConfig(account, nonce, s, creation, sig);
          }
          case APPROVE_RECOVERY -> {
            int index = r.u8("guardianIndex");
            if (index >= GuardianSet.MAX_GUARDIANS) {
              throw new DecodingException("guardianIndex " + index + " above 3");
            }
            PublicKey newOwner = r.key("newOwner");
            long epoch = r.u64("recoveryEpoch");
            Optional<AccountCreation> creation = r.creation();
            TxSignature sig = r.signature(version);
            yield new Transaction.ApproveRecovery(account, index, newOwner, epoch, creation, sig);
          }
          case CANCEL_RECOVERY -> {
            long nonce = r.u64("nonce");
            TxSignature sig = r.signature(version);
            yield new Transaction.CancelRecovery(account, nonce, sig);
          }
          case FINALISE_RECOVERY -> {
            if (version != Transaction.VERSION) {
              throw new DecodingException("an unsigned FinaliseRecovery is version 1 only");
            }
            yield new Transaction.FinaliseRecovery(account);
          }
        };
    r.end();
    return tx;
  }

  // ---------------------------------------------------------------- account configurations

  /**
   * The storage encoding of a configuration (state.md §6): version ‖ settings ‖ nonce ‖ epoch ‖
   * pending recovery (flag, key, votes = approvals | vetoes << 4, executableAfter) ‖ pending update
   * (flag, guardian set, rules, executableAfter).
   *
   * @throws IllegalArgumentException if a guardian set has more than 4 guardians
   */
  public static Bytes encodeConfig(AccountConfig c) {
    Writer w = new Writer();
    w.u8(CONFIG_VERSION);
    w.settings(c.settings());
    w.u64(c.nonce());
    w.u64(c.recoveryEpoch());
    if (c.pendingRecovery().isPresent()) {
      PendingRecovery p = c.pendingRecovery().get();
      w.u8(1);
      w.key(p.proposedOwner());
      w.u8(p.votes());
      w.u64(p.executableAfter());
    } else {
      w.u8(0);
    }
    if (c.pendingUpdate().isPresent()) {
      PendingUpdate p = c.pendingUpdate().get();
      w.u8(1);
      w.guardianSet(p.guardianSet());
      w.field(p.spendingRulesHash());
      w.u64(p.executableAfter());
    } else {
      w.u8(0);
    }
    return w.toBytes();
  }

  /**
   * Decodes {@link #encodeConfig}'s output.
   *
   * @throws DecodingException if the input is not a canonical configuration encoding
   */
  public static AccountConfig decodeConfig(Bytes input) throws DecodingException {
    Reader r = new Reader(input);
    int version = r.u8("version");
    if (version != CONFIG_VERSION) {
      throw new DecodingException("unknown configuration version " + version);
    }
    Settings s = r.settings("settings");
    long nonce = r.u64("nonce");
    long epoch = r.u64("recoveryEpoch");
    Optional<PendingRecovery> pr = Optional.empty();
    if (r.flag("pendingRecovery")) {
      PublicKey proposed = r.key("pendingRecovery.proposedOwner");
      int votes = r.u8("pendingRecovery.votes");
      long after = r.u64("pendingRecovery.executableAfter");
      pr = Optional.of(PendingRecovery.fromVotes(proposed, votes, after));
    }
    Optional<PendingUpdate> pu = Optional.empty();
    if (r.flag("pendingUpdate")) {
      GuardianSet g = r.guardianSet("pendingUpdate.guardianSet");
      Fr rules = r.field("pendingUpdate.spendingRulesHash");
      long after = r.u64("pendingUpdate.executableAfter");
      pu = Optional.of(new PendingUpdate(g, rules, after));
    }
    r.end();
    return new AccountConfig(
        s.owner(), s.guardianSet(), s.spendingRulesHash(), nonce, epoch, pr, pu);
  }

  // ---------------------------------------------------------------- spending rules

  /**
   * The encoding of spending rules (docs/spec/state.md §8.3): version {@code 0x01} ‖ count (u8) ‖
   * per rule: token (20 bytes) ‖ period (u64) ‖ limit (32 bytes, a canonical field element); {@code
   * 2 + 60·n} bytes.
   */
  public static Bytes encodeSpendingRules(SpendingRules rules) {
    Writer w = new Writer();
    w.u8(SPENDING_RULES_VERSION);
    w.u8(rules.size());
    for (SpendingRule r : rules.rules()) {
      w.address(r.token());
      w.u64(r.period());
      w.field(Fr.fromBigInteger(r.limit()));
    }
    return w.toBytes();
  }

  /**
   * Decodes {@link #encodeSpendingRules}'s output.
   *
   * @throws DecodingException on a wrong version or length, more than 8 rules, a period of 0, a
   *     limit not below r, or tokens not strictly ascending
   */
  public static SpendingRules decodeSpendingRules(Bytes input) throws DecodingException {
    Reader r = new Reader(input);
    int version = r.u8("version");
    if (version != SPENDING_RULES_VERSION) {
      throw new DecodingException("unknown spending rules version " + version);
    }
    int count = r.u8("count");
    if (count > SpendingRules.MAX_RULES) {
      throw new DecodingException(
          "at most " + SpendingRules.MAX_RULES + " spending rules, got " + count);
    }
    List<SpendingRule> rules = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Address token = r.address("rules[" + i + "].token");
      long period = r.u64("rules[" + i + "].period");
      Fr limit = r.field("rules[" + i + "].limit");
      rules.add(spendingRule(token, period, limit.toBigInteger(), "rules[" + i + "]"));
    }
    r.end();
    return spendingRules(rules);
  }

  /** A rule, its construction's refusal as a {@link DecodingException}. */
  static SpendingRule spendingRule(
      Address token, long period, java.math.BigInteger limit, String what)
      throws DecodingException {
    try {
      return new SpendingRule(token, period, limit);
    } catch (IllegalArgumentException e) {
      throw new DecodingException(what + ": " + e.getMessage(), e);
    }
  }

  /** A list of rules, its construction's refusal as a {@link DecodingException}. */
  static SpendingRules spendingRules(List<SpendingRule> rules) throws DecodingException {
    try {
      return new SpendingRules(rules);
    } catch (IllegalArgumentException e) {
      throw new DecodingException(e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- writer

  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

    void u8(int v) {
      if (v < 0 || v > 255) {
        throw new IllegalArgumentException("not a u8: " + v);
      }
      out.write(v);
    }

    void u64(long v) {
      out.writeBytes(Bytes.ofUnsignedLong(v).toArrayUnsafe());
    }

    void bytes(Bytes b) {
      out.writeBytes(b.toArrayUnsafe());
    }

    void address(Address a) {
      bytes(a.toBytes());
    }

    void field(Fr f) {
      bytes(f.toBytes());
    }

    void key(PublicKey k) {
      u8(k.scheme());
      bytes(k.toXY());
    }

    void guardianSet(GuardianSet g) {
      if (g.size() > GuardianSet.MAX_GUARDIANS) {
        throw new IllegalArgumentException(
            "more than " + GuardianSet.MAX_GUARDIANS + " guardians cannot be encoded");
      }
      u8(g.threshold());
      u64(g.recoveryDelay());
      for (int i = 0; i < GuardianSet.MAX_GUARDIANS; i++) {
        if (i < g.size()) {
          key(g.guardians().get(i));
        } else {
          out.writeBytes(new byte[KEY_LENGTH]);
        }
      }
    }

    void settings(Settings s) {
      key(s.owner());
      guardianSet(s.guardianSet());
      field(s.spendingRulesHash());
    }

    void creation(Optional<AccountCreation> c) {
      if (c.isEmpty()) {
        u8(0);
        return;
      }
      u8(1);
      field(c.get().salt());
      settings(c.get().settings());
    }

    /** Version 1: r ‖ s ‖ v; version 2: the signature block scheme ‖ body (§5.1). */
    void signature(TxSignature s) {
      if (s.scheme() != PublicKey.SCHEME_SECP256K1) {
        u8(s.scheme());
      }
      bytes(s.toBytes());
    }

    Bytes toBytes() {
      return Bytes.wrap(out.toByteArray());
    }
  }

  // ---------------------------------------------------------------- reader

  private static final class Reader {
    private final Bytes in;
    private int pos;

    Reader(Bytes in) {
      this.in = in;
    }

    Bytes take(int n, String what) throws DecodingException {
      if (in.size() - pos < n) {
        throw new DecodingException(
            "truncated: "
                + what
                + " needs "
                + n
                + " bytes at offset "
                + pos
                + ", "
                + (in.size() - pos)
                + " left");
      }
      Bytes b = in.slice(pos, n);
      pos += n;
      return b;
    }

    void end() throws DecodingException {
      if (pos != in.size()) {
        throw new DecodingException(
            (in.size() - pos) + " trailing bytes after a complete encoding of " + pos + " bytes");
      }
    }

    int u8(String what) throws DecodingException {
      return take(1, what).get(0) & 0xff;
    }

    long u64(String what) throws DecodingException {
      return take(8, what).toLong();
    }

    boolean flag(String what) throws DecodingException {
      int f = u8(what);
      if (f > 1) {
        throw new DecodingException(what + " flag must be 0 or 1, got " + f);
      }
      return f == 1;
    }

    Address address(String what) throws DecodingException {
      return Address.wrap(take(Address.LENGTH, what));
    }

    Fr field(String what) throws DecodingException {
      Bytes32 b = Bytes32.wrap(take(32, what));
      try {
        return Fr.fromBytes(b);
      } catch (IllegalArgumentException e) {
        throw new DecodingException(what + ": " + e.getMessage(), e);
      }
    }

    /** A key slot: empty (all zero) or a key. */
    Optional<PublicKey> keySlot(String what) throws DecodingException {
      Bytes b = take(KEY_LENGTH, what);
      if (b.isZero()) {
        return Optional.empty();
      }
      return Optional.of(parseKey(b, what));
    }

    PublicKey key(String what) throws DecodingException {
      return parseKey(take(KEY_LENGTH, what), what);
    }

    private static PublicKey parseKey(Bytes b, String what) throws DecodingException {
      int scheme = b.get(0) & 0xff;
      if (!PublicKey.isKnownScheme(scheme)) {
        throw new DecodingException(what + ": unknown key scheme " + scheme);
      }
      try {
        return PublicKey.fromXY(scheme, b.slice(1));
      } catch (IllegalArgumentException e) {
        throw new DecodingException(what + ": " + e.getMessage(), e);
      }
    }

    GuardianSet guardianSet(String what) throws DecodingException {
      int threshold = u8(what + ".threshold");
      long delay = u64(what + ".recoveryDelay");
      List<PublicKey> guardians = new ArrayList<>();
      boolean emptySeen = false;
      for (int i = 0; i < GuardianSet.MAX_GUARDIANS; i++) {
        Optional<PublicKey> k = keySlot(what + ".guardians[" + i + "]");
        if (k.isEmpty()) {
          emptySeen = true;
        } else if (emptySeen) {
          throw new DecodingException(what + ": guardian in slot " + i + " after an empty slot");
        } else {
          guardians.add(k.get());
        }
      }
      return new GuardianSet(guardians, threshold, delay);
    }

    Settings settings(String what) throws DecodingException {
      PublicKey owner = key(what + ".owner");
      GuardianSet g = guardianSet(what + ".guardianSet");
      Fr rules = field(what + ".spendingRulesHash");
      return new Settings(owner, g, rules);
    }

    Optional<AccountCreation> creation() throws DecodingException {
      if (!flag("creation")) {
        return Optional.empty();
      }
      Fr salt = field("creation.salt");
      Settings s = settings("creation.settings");
      return Optional.of(new AccountCreation(salt, s));
    }

    /**
     * Version 1: 65 bytes r ‖ s ‖ v. Version 2 (§5.1): the signature block, scheme ‖ body, to the
     * end of the input: scheme 2 with 64 bytes r ‖ s, or scheme 3 with a WebAuthn body.
     */
    TxSignature signature(int version) throws DecodingException {
      if (version == Transaction.VERSION) {
        Bytes b = take(Signature.LENGTH, "signature");
        try {
          return Signature.fromBytes(b);
        } catch (IllegalArgumentException e) {
          throw new DecodingException("signature: " + e.getMessage(), e);
        }
      }
      int scheme = u8("signature.scheme");
      Bytes body = take(in.size() - pos, "signature");
      try {
        return switch (scheme) {
          case PublicKey.SCHEME_P256 -> P256Signature.fromBytes(body);
          case PublicKey.SCHEME_WEBAUTHN -> WebAuthnSignature.fromBytes(body);
          default ->
              throw new DecodingException(
                  "signature: scheme "
                      + scheme
                      + " in a version-2 transaction (secp256k1 signatures are version 1; 2 and 3"
                      + " only)");
        };
      } catch (IllegalArgumentException e) {
        throw new DecodingException("signature: " + e.getMessage(), e);
      }
    }
  }
}
