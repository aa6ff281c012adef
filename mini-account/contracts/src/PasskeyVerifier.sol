// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {P256} from "solady/utils/P256.sol";
import {WebAuthn} from "solady/utils/WebAuthn.sol";

/// @title  PasskeyVerifier
/// @notice Key schemes 2 (raw P-256 ECDSA) and 3 (WebAuthn) of docs/spec/passkeys.md, over solady's
///         audited `P256` and `WebAuthn`: P-256 through the precompile at 0x100 (RIP-7212, EIP-7951),
///         or solady's fallback verifier contract at `P256.VERIFIER` on a chain without it (and no
///         acceptance at all with neither). Low-s is required (solady's `verifySignature`, never the
///         malleable variant). Checked against test-vectors/passkeys-v1.json.
library PasskeyVerifier {
    /// @dev passkeys.md §4.1: bounds of the assertion's parts.
    uint256 internal constant MIN_AUTHENTICATOR_DATA = 37;
    uint256 internal constant MAX_AUTHENTICATOR_DATA = 128;
    uint256 internal constant MIN_CLIENT_DATA_JSON = 80;
    uint256 internal constant MAX_CLIENT_DATA_JSON = 384;

    /// @dev passkeys.md §4.2: clientDataJSON starts with {"type":"webauthn.get","challenge":"…", so the
    ///      type member is at byte 1 and the challenge member at byte 23, always.
    uint256 internal constant TYPE_INDEX = 1;
    uint256 internal constant CHALLENGE_INDEX = 23;

    /// @notice Scheme 2: whether (r, s) is a valid low-s P-256 signature of `digest` by (x, y).
    function verifyP256(bytes32 digest, bytes32 r, bytes32 s, bytes32 x, bytes32 y) internal view returns (bool) {
        return P256.verifySignature(digest, r, s, x, y);
    }

    /// @notice Scheme 3: whether the assertion is valid for the key (x, y) and the EIP-712 `digest`: the
    ///         bounds of §4.1, then the rules of §4.2 (type and challenge at their fixed places, user
    ///         present, low-s P-256 over authenticatorData ‖ SHA-256(clientDataJSON)).
    function verifyWebAuthn(
        bytes32 digest,
        bytes memory authenticatorData,
        bytes memory clientDataJSON,
        bytes32 r,
        bytes32 s,
        bytes32 x,
        bytes32 y
    ) internal view returns (bool) {
        if (!_withinBounds(authenticatorData.length, clientDataJSON.length)) return false;
        // solady checks the members at the given indexes; the bytes around them are ours to check.
        if (clientDataJSON[0] != "{" || clientDataJSON[22] != ",") return false;
        WebAuthn.WebAuthnAuth memory auth =
            WebAuthn.WebAuthnAuth(authenticatorData, string(clientDataJSON), CHALLENGE_INDEX, TYPE_INDEX, r, s);
        return WebAuthn.verify(abi.encodePacked(digest), false, auth, x, y);
    }

    /// @notice Scheme 3 from its wire body (passkeys.md §4.1):
    ///         a (u16) ‖ authenticatorData ‖ c (u16) ‖ clientDataJSON ‖ r ‖ s. False when malformed.
    function verifyWebAuthnEncoded(bytes32 digest, bytes calldata body, bytes32 x, bytes32 y)
        internal
        view
        returns (bool)
    {
        (bool ok, bytes memory authenticatorData, bytes memory clientDataJSON, bytes32 r, bytes32 s) =
            decodeWebAuthn(body);
        return ok && verifyWebAuthn(digest, authenticatorData, clientDataJSON, r, s, x, y);
    }

    /// @notice Splits a WebAuthn wire body; `ok` is false when a length runs past the end or bytes trail.
    /// @dev    In assembly: the two parts are copied from calldata into fresh memory (each followed by
    ///         a zero word), without the bounds checks and ABI decoding of slice conversions, which
    ///         cost about 1,700 gas more per assertion.
    function decodeWebAuthn(bytes calldata body)
        internal
        pure
        returns (bool ok, bytes memory authenticatorData, bytes memory clientDataJSON, bytes32 r, bytes32 s)
    {
        assembly ("memory-safe") {
            authenticatorData := 0x60
            clientDataJSON := 0x60
            let n := body.length
            let o := body.offset
            // a (u16) ‖ authenticatorData ‖ c (u16) ‖ clientDataJSON ‖ r ‖ s: 68 + a + c bytes
            if iszero(lt(n, 68)) {
                let a := shr(240, calldataload(o))
                if iszero(lt(n, add(68, a))) {
                    let c := shr(240, calldataload(add(o, add(2, a))))
                    if eq(n, add(68, add(a, c))) {
                        ok := 1
                        let m := mload(0x40)
                        authenticatorData := m
                        mstore(m, a)
                        mstore(add(add(m, 0x20), a), 0)
                        calldatacopy(add(m, 0x20), add(o, 2), a)
                        m := add(add(m, 0x40), and(a, not(31)))
                        clientDataJSON := m
                        mstore(m, c)
                        mstore(add(add(m, 0x20), c), 0)
                        calldatacopy(add(m, 0x20), add(o, add(4, a)), c)
                        mstore(0x40, add(add(m, 0x40), and(c, not(31))))
                        r := calldataload(add(o, add(4, add(a, c))))
                        s := calldataload(add(o, add(36, add(a, c))))
                    }
                }
            }
        }
    }

    function _withinBounds(uint256 a, uint256 c) private pure returns (bool) {
        return a >= MIN_AUTHENTICATOR_DATA && a <= MAX_AUTHENTICATOR_DATA && c >= MIN_CLIENT_DATA_JSON
            && c <= MAX_CLIENT_DATA_JSON;
    }
}
