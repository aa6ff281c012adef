package io.keystore.state.stf;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.crypto.Address;
import java.util.Optional;

/** Read access to the current state: an account's configuration, or empty when it is absent. */
@FunctionalInterface
public interface AccountView {
  Optional<AccountConfig> config(Address account);
}
