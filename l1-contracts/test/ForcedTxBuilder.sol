// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {Vm} from "keystore-test/Vm.sol";
import {ForcedTx} from "../src/ForcedTx.sol";

/// @notice ForcedTx's entry points as external calls (the library's functions are internal).
contract ForcedTxHarness {
    function validate(bytes calldata encoded, bytes calldata signerKey, bytes32 separator)
        external
        view
        returns (bytes32)
    {
        return ForcedTx.validate(encoded, signerKey, separator);
    }

    function decode(bytes calldata encoded, bytes32 separator) external pure returns (ForcedTx.Decoded memory) {
        return ForcedTx.decode(encoded, separator);
    }
}

/// @notice Builds keystore transactions in their binary encoding (transactions.md §5), signed
///         with forge's secp256k1 keys under `separator`.
abstract contract ForcedTxBuilder is KeystoreTest {
    uint256 internal constant SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
    uint64 internal constant DELAY = 1 days;
    uint256 internal constant RULES = 0x0e54a2a0ce8585266c8fe81714867fdaa0999fd2d8c93073c6dae83b6452c146;

    ForcedTxHarness internal harness;
    bytes32 internal separator;
    Vm.Wallet internal owner;
    Vm.Wallet internal thief;
    Vm.Wallet[4] internal guardians;

    function setUpBuilder(bytes32 separator_) internal {
        harness = new ForcedTxHarness();
        separator = separator_;
        owner = vm.createWallet(0xA11CE);
        thief = vm.createWallet(0x7E1F);
        for (uint256 i; i < 4; ++i) {
            guardians[i] = vm.createWallet(0x6A00 + i);
        }
    }

    // ------------------------------------------------------------------ blocks

    function key(Vm.Wallet memory w) internal pure returns (bytes memory) {
        return abi.encodePacked(uint8(1), w.publicKeyX, w.publicKeyY);
    }

    /// @notice x ‖ y, the signer key forceInclude takes.
    function signerKeyOf(Vm.Wallet memory w) internal pure returns (bytes memory) {
        return abi.encodePacked(w.publicKeyX, w.publicKeyY);
    }

    /// @notice Settings: `owner_`, the first `n` guardians, `threshold`, DELAY, RULES.
    function settings(Vm.Wallet memory owner_, uint256 n, uint8 threshold) internal view returns (bytes memory s) {
        s = bytes.concat(key(owner_), abi.encodePacked(threshold, DELAY));
        for (uint256 i; i < 4; ++i) {
            s = bytes.concat(s, i < n ? key(guardians[i]) : new bytes(65));
        }
        s = bytes.concat(s, bytes32(RULES));
    }

    /// @notice The address of (salt, settings(owner_, n, threshold)) (state.md §5).
    function accountOf(uint256 salt, Vm.Wallet memory owner_, uint256 n, uint8 threshold)
        internal
        view
        returns (address)
    {
        return address(uint160(creationCommitmentOf(salt, owner_, n, threshold)));
    }

    function creationCommitmentOf(uint256 salt, Vm.Wallet memory owner_, uint256 n, uint8 threshold)
        internal
        view
        returns (uint256)
    {
        uint256 ich = KeystoreProtocol.initialConfigHash(
            KeystoreProtocol.keyHash(owner_.publicKeyX, owner_.publicKeyY), guardianSetHashOf(n, threshold), RULES
        );
        return KeystoreProtocol.addressHash(salt, ich);
    }

    function guardianSetHashOf(uint256 n, uint8 threshold) internal view returns (uint256) {
        uint256[4] memory hashes;
        for (uint256 i; i < n; ++i) {
            hashes[i] = KeystoreProtocol.keyHash(guardians[i].publicKeyX, guardians[i].publicKeyY);
        }
        return KeystoreProtocol.guardianSetHash(threshold, DELAY, hashes);
    }

    function creation(uint256 salt, Vm.Wallet memory owner_, uint256 n, uint8 threshold)
        internal
        view
        returns (bytes memory)
    {
        return bytes.concat(hex"01", bytes32(salt), settings(owner_, n, threshold));
    }

    /// @dev A well-formed signature that signs nothing: replaced by sign().
    function placeholderSignature() internal pure returns (bytes memory) {
        return abi.encodePacked(uint256(1), uint256(1), uint8(27));
    }

    // ------------------------------------------------------------------ transactions

    function updateConfig(address account, uint64 nonce, bytes memory newSettings, bytes memory creation_, uint256 pk)
        internal
        view
        returns (bytes memory)
    {
        return signWithCreation(bytes.concat(hex"0101", bytes20(account), bytes8(nonce), newSettings), creation_, pk);
    }

    function approveRecovery(
        address account,
        uint8 guardianIndex,
        Vm.Wallet memory newOwner,
        uint64 epoch,
        bytes memory creation_,
        uint256 pk
    ) internal view returns (bytes memory) {
        return signWithCreation(
            bytes.concat(hex"0102", bytes20(account), bytes1(guardianIndex), key(newOwner), bytes8(epoch)),
            creation_,
            pk
        );
    }

    function cancelRecovery(address account, uint64 nonce, uint256 pk) internal view returns (bytes memory) {
        return sign(bytes.concat(hex"0103", bytes20(account), bytes8(nonce), placeholderSignature()), pk);
    }

    function finaliseRecovery(address account) internal pure returns (bytes memory) {
        return bytes.concat(hex"0104", bytes20(account));
    }

    /// @notice body ‖ creation_ ‖ signature: the signature does not cover the creation, so it is
    ///         made over the transaction without one (whose decoding needs no valid creation).
    function signWithCreation(bytes memory body, bytes memory creation_, uint256 pk)
        internal
        view
        returns (bytes memory)
    {
        bytes memory signed = sign(bytes.concat(body, hex"00", placeholderSignature()), pk);
        bytes memory sig = new bytes(65);
        for (uint256 i; i < 65; ++i) {
            sig[i] = signed[signed.length - 65 + i];
        }
        return bytes.concat(body, creation_, sig);
    }

    /// @notice Replaces the last 65 bytes of `t` by pk's low-s signature of t's digest.
    function sign(bytes memory t, uint256 pk) internal view returns (bytes memory) {
        bytes32 digest = harness.decode(t, separator).digest;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        if (uint256(s) > SECP256K1_N / 2) {
            s = bytes32(SECP256K1_N - uint256(s));
            v = v == 27 ? 28 : 27;
        }
        bytes memory sig = abi.encodePacked(r, s, v);
        for (uint256 i; i < 65; ++i) {
            t[t.length - 65 + i] = sig[i];
        }
        return t;
    }

    /// @notice keccak256(w1 ‖ w2 ‖ w3 ‖ w4) of proof.md §7.2, written out from the fields.
    function expectedForceId(
        uint8 txType,
        uint8 guardianIndex,
        uint64 counter,
        address account,
        uint256 w2,
        uint256 w3,
        uint256 w4
    ) internal pure returns (bytes32) {
        uint256 w1 = (uint256(txType) << 232) | (uint256(guardianIndex) << 224) | (uint256(counter) << 160)
            | uint256(uint160(account));
        return keccak256(abi.encode(w1, w2, w3, w4));
    }

    function keyHashOf(Vm.Wallet memory w) internal pure returns (uint256) {
        return KeystoreProtocol.keyHash(w.publicKeyX, w.publicKeyY);
    }

    function withByte(bytes memory t, uint256 at, uint8 value) internal pure returns (bytes memory c) {
        c = bytes.concat(t);
        c[at] = bytes1(value);
    }

    function withWord(bytes memory t, uint256 at, uint256 value) internal pure returns (bytes memory c) {
        c = bytes.concat(t);
        for (uint256 i; i < 32; ++i) {
            c[at + i] = bytes32(value)[i];
        }
    }
}
