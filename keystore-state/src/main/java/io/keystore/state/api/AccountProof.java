package io.keystore.state.api;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.crypto.Address;
import io.keystore.state.tree.MembershipProof;
import io.keystore.state.tree.NonMembershipProof;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/** An account's state against a root: its configuration with a membership proof, or its absence. */
public sealed interface AccountProof permits AccountProof.Member, AccountProof.NonMember {

  Address account();

  /** The root the proof was made against. */
  Bytes32 root();

  /** True if the proof holds against {@link #root()} for {@link #account()}. */
  boolean verify();

  /** The account is in the tree: its leaf value is {@code config.hash()}. */
  record Member(Address account, Bytes32 root, AccountConfig config, MembershipProof proof)
      implements AccountProof {
    public Member {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(proof, "proof");
    }

    /** Checks the path, the key and that the leaf value is the configuration's hash. */
    @Override
    public boolean verify() {
      return proof.verify(root, KeystoreState.treeKey(account))
          && proof.leaf().value().equals(config.hash().toBytes());
    }
  }

  /** The account was never written: the low leaf brackets its key. */
  record NonMember(Address account, Bytes32 root, NonMembershipProof proof)
      implements AccountProof {
    public NonMember {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(proof, "proof");
    }

    @Override
    public boolean verify() {
      return proof.verify(root, KeystoreState.treeKey(account));
    }
  }
}
