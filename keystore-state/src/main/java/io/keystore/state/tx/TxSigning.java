package io.keystore.state.tx;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.Settings;
import io.keystore.state.account.StateHashing;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Signature;
import java.util.Optional;

/** Builds signed transactions with a private key: for the SDK, tools and tests. */
public final class TxSigning {

  private final Eip712Domain domain;

  public TxSigning(Eip712Domain domain) {
    this.domain = domain;
  }

  public Eip712Domain domain() {
    return domain;
  }

  /** An UpdateConfig signed by {@code owner}. */
  public Transaction.UpdateConfig updateConfig(
      PrivateKey owner,
      Address account,
      long nonce,
      Settings newSettings,
      Optional<AccountCreation> creation) {
    Signature sig =
        owner.sign(
            domain.digest(
                TypedData.updateConfigStructHash(
                    account, nonce, newSettings.updateCommitment().toBytes())));
    return new Transaction.UpdateConfig(account, nonce, newSettings, creation, sig);
  }

  /** An ApproveRecovery signed by {@code guardian}. */
  public Transaction.ApproveRecovery approveRecovery(
      PrivateKey guardian,
      Address account,
      int guardianIndex,
      PublicKey newOwner,
      long recoveryEpoch,
      Optional<AccountCreation> creation) {
    Signature sig =
        guardian.sign(
            domain.digest(
                TypedData.approveRecoveryStructHash(
                    account, StateHashing.keyHash(newOwner).toBytes(), recoveryEpoch)));
    return new Transaction.ApproveRecovery(
        account, guardianIndex, newOwner, recoveryEpoch, creation, sig);
  }

  /** A CancelRecovery signed by {@code owner}. */
  public Transaction.CancelRecovery cancelRecovery(PrivateKey owner, Address account, long nonce) {
    Signature sig = owner.sign(domain.digest(TypedData.cancelRecoveryStructHash(account, nonce)));
    return new Transaction.CancelRecovery(account, nonce, sig);
  }
}
