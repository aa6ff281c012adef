// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {P256} from "solady/utils/P256.sol";
import {KeystoreAccount} from "../src/KeystoreAccount.sol";
import {KeystoreAccountFactory} from "../src/KeystoreAccountFactory.sol";
import {KeystoreAuth} from "../src/KeystoreAuth.sol";
import {KeystoreProofs} from "../src/KeystoreProofs.sol";
import {KeystoreValidator} from "../src/KeystoreValidator.sol";
import {P256FallbackVerifier} from "../src/P256FallbackVerifier.sol";
import {AccountTestBase} from "./utils/AccountTestBase.sol";
import {Minimal7579Account} from "./utils/Minimal7579Account.sol";
import {TestTree} from "./utils/TestTree.sol";

/// @notice What the passkey tests share: the P-256 backend of each run, and user operations signed
///         with a key of any scheme (docs/spec/mini-account.md §3).
abstract contract PasskeyTestBase is AccountTestBase {
    address internal constant RECIPIENT = address(0xCAFE);
    uint8 internal constant SECP256K1 = 1;
    uint8 internal constant RAW_P256 = 2;
    uint8 internal constant WEBAUTHN = 3;

    /// @dev The runs with the precompile are configured `evm_version = "osaka"` (EIP-7951 at 0x100);
    ///      the others run on the project's `prague`, with P256FallbackVerifier at solady's
    ///      P256.VERIFIER, as a chain without the precompile would have it.
    function _setUpP256(bool withPrecompile) internal {
        if (withPrecompile) {
            assertTrue(P256.hasPrecompile(), "osaka has the P-256 precompile");
        } else {
            assertFalse(P256.hasPrecompile(), "prague has no P-256 precompile");
            vm.etch(P256.VERIFIER, address(new P256FallbackVerifier()).code);
        }
    }

    function _digest(PackedUserOperation memory op) internal view returns (bytes32) {
        return ethSigned(ep.getUserOpHash(op));
    }

    /// @dev The owner's signature of `op` in its key's scheme.
    function _signBy(PackedUserOperation memory op, Key memory k) internal view returns (bytes memory) {
        return ownerSign(k, _digest(op));
    }

    /// @dev A key's type byte with another scheme: the same point claimed under another scheme.
    function _asScheme(Key memory k, uint8 scheme) internal pure returns (Key memory other) {
        other = Key(k.pk, passkeyId(scheme, k.x, k.y), k.x, k.y, scheme);
    }
}

/// @notice KeystoreAccount with owners of every key scheme (secp256k1, P-256, WebAuthn), through the
///         real EntryPoint v0.7: every rule of the signature encoding, the key cache and the proof's
///         scheme, each refused where it must be. Run twice: with the precompile and through the
///         fallback verifier (the two contracts below).
abstract contract PasskeyAccountScenarios is PasskeyTestBase {
    using TestTree for TestTree.Tree;

    uint256 internal constant SALT = 77;

    KeystoreAccountFactory internal factory;
    /// @dev alice: a WebAuthn passkey, the initial owner of the account under test.
    Key internal alice;
    /// @dev carol: a raw P-256 key (a secure-enclave key, say).
    Key internal carol;
    /// @dev bob: a secp256k1 key.
    Key internal bob;
    /// @dev mallory: a WebAuthn passkey in no configuration.
    Key internal mallory;
    Config internal initial;
    address internal keystore;
    address payable internal sender;
    bytes32 internal root0;

    function _setUpScenarios() internal {
        _setUpChain();
        factory = new KeystoreAccountFactory(address(ep), oracle, verifier, MAX_ROOT_AGE, ROOT_GRACE);
        alice = makePasskey(0xA11CE, WEBAUTHN);
        carol = makePasskey(0xCA201, RAW_P256);
        bob = makeKey(0xB0B);
        mallory = makePasskey(0x3A11, WEBAUTHN);
        initial = initialConfig(alice, 0);
        keystore = keystoreAddressOf(SALT, initial);
        sender = payable(factory.getAddress(keystore));
        vmx.deal(sender, 10 ether);
        root0 = _record(_baseTree(), START - 60);
    }

    // ------------------------------------------------------------------ helpers

    function _send(uint256 value) internal pure returns (bytes memory) {
        return abi.encodeCall(KeystoreAccount.execute, (RECIPIENT, value, ""));
    }

    function _opOf(address payable account, address ks, bytes memory callData)
        internal
        view
        returns (PackedUserOperation memory op)
    {
        bytes memory initCode = account.code.length == 0
            ? abi.encodePacked(address(factory), abi.encodeCall(KeystoreAccountFactory.createAccount, (ks)))
            : bytes("");
        op = userOp(account, ep.getNonce(account, 0), initCode, callData);
    }

    function _op(bytes memory callData) internal view returns (PackedUserOperation memory) {
        return _opOf(sender, keystore, callData);
    }

    /// @dev alice's account's non-membership proof (its initial configuration) against root0.
    function _initialProof() internal view returns (bytes memory) {
        return absentProof(_baseTree(), uint160(keystore), SALT, initial);
    }

    /// @dev An operation of alice's account with the initial proof, signed by `signer` in its scheme.
    function _firstOp(Key memory signer, uint8 mode) internal view returns (PackedUserOperation memory op) {
        op = _op(_send(0.1 ether));
        op.signature = keyProofSignature(mode, root0, signer, _signBy(op, signer), _initialProof(), "");
    }

    /// @dev Deploys alice's account and caches her key for root0 (mode 2).
    function _deployed() internal {
        (bool ok,) = _handle(_firstOp(alice, 2));
        assertTrue(ok, "first op executed");
    }

    function _cachedOp(Key memory signer, bytes32 root) internal view returns (PackedUserOperation memory op) {
        op = _op(_send(0.1 ether));
        op.signature = keyCachedSignature(root, signer, _signBy(op, signer));
    }

    /// @dev validateUserOp as the EntryPoint calls it; returns validationData.
    function _validate(PackedUserOperation memory op) internal returns (uint256) {
        bytes32 h = ep.getUserOpHash(op);
        vm.prank(address(ep));
        return KeystoreAccount(sender).validateUserOp(op, h, 0);
    }

    /// @dev A cached WebAuthn signature of `op` by alice over these assertion parts.
    function _assertion(PackedUserOperation memory op, bytes memory authData, bytes memory clientData)
        internal
        view
        returns (PackedUserOperation memory)
    {
        op.signature = keyCachedSignature(root0, alice, webAuthnSign(alice.pk, authData, clientData));
        return op;
    }

    /// @dev The tree with alice's keystore account at configuration `c`, recorded at `l1Time`.
    function _rotatedTo(Config memory c, uint64 l1Time) internal returns (TestTree.Tree memory t, bytes32 root) {
        t = _baseTree();
        t.insert(uint160(keystore), configHashOf(c));
        root = _record(t, l1Time);
    }

    function _rotated(Key memory owner, uint256 nonce) internal pure returns (Config memory c) {
        c = initialConfig(owner, 0);
        c.nonce = nonce;
    }

    // ------------------------------------------------------------- happy paths

    /// @notice A counterfactual account whose initial owner is a WebAuthn passkey: the first
    ///         operation proves the key (non-membership plus the initial configuration, hashed
    ///         as scheme 3) and caches it under its keyId; the next one carries x ‖ y only.
    function test_webAuthnOwnerCreatesTheAccountAndSignsWithItsCachedKey() public {
        assertEq(sender.code.length, 0, "not deployed yet");
        _deployed();
        assertTrue(sender.code.length > 0, "deployed by initCode");
        (address keyId, uint48 l1Time,) = KeystoreAccount(sender).cachedKey(sender, uint160(keystore), root0);
        assertEq(keyId, alice.addr, "cached keyId = keccak256(3 | x | y)[12:]");
        assertEq(keyId, address(uint160(uint256(keccak256(abi.encodePacked(uint8(3), alice.x, alice.y))))), "keyId");
        assertEq(l1Time, START - 60, "root time");
        PackedUserOperation memory op = _cachedOp(alice, root0);
        bytes memory body = _signBy(op, alice);
        assertEq(op.signature.length, 33 + body.length + 64, "type | root | WebAuthn body | x | y");
        (bool ok,) = _handle(op);
        assertTrue(ok, "cached op executed");
        assertEq(RECIPIENT.balance, 0.2 ether, "both payments");
    }

    /// @notice The same with a raw P-256 owner (scheme 2): r ‖ s instead of an assertion.
    function test_p256OwnerCreatesTheAccountAndSignsWithItsCachedKey() public {
        Config memory c = initialConfig(carol, 0);
        address ks = keystoreAddressOf(SALT, c);
        address payable account = payable(factory.getAddress(ks));
        vmx.deal(account, 1 ether);
        PackedUserOperation memory op = _opOf(account, ks, _send(0.1 ether));
        bytes memory proof = absentProof(_baseTree(), uint160(ks), SALT, c);
        op.signature = keyProofSignature(2, root0, carol, _signBy(op, carol), proof, "");
        assertEq(uint8(op.signature[0]), 0x12, "type: P-256, mode 2");
        (bool ok,) = _handle(op);
        assertTrue(ok, "first op");
        (address keyId,,) = KeystoreAccount(account).cachedKey(account, uint160(ks), root0);
        assertEq(keyId, carol.addr, "cached keyId = keccak256(2 | x | y)[12:]");
        op = _opOf(account, ks, _send(0.1 ether));
        op.signature = keyCachedSignature(root0, carol, _signBy(op, carol));
        assertEq(op.signature.length, 33 + 64 + 64, "type | root | r | s | x | y");
        (ok,) = _handle(op);
        assertTrue(ok, "cached op");
        assertEq(RECIPIENT.balance, 0.2 ether, "both payments");
    }

    /// @notice Mode 1 proves without caching, for a passkey as for secp256k1.
    function test_proofWithoutCachingLeavesNoCachedKey() public {
        (bool ok,) = _handle(_firstOp(alice, 1));
        assertTrue(ok, "mode 1");
        (address keyId,,) = KeystoreAccount(sender).cachedKey(sender, uint160(keystore), root0);
        assertEq(keyId, address(0), "nothing cached");
        PackedUserOperation memory op = _cachedOp(alice, root0);
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.KeyNotCached.selector, root0));
        _handleExpectingRevert(op);
    }

    /// @notice The spending rules follow a WebAuthn body of any length: the proof and the rule
    ///         list are found after it, and the limit holds for the cached key after.
    function test_spendingRulesAfterAWebAuthnBody() public {
        bytes memory rules = oneRule(address(0), 1 days, 0.5 ether);
        (, uint256 rulesHash) = verifier.decodeRules(rules);
        Config memory c = initialConfig(alice, rulesHash);
        address ks = keystoreAddressOf(SALT + 1, c);
        address payable account = payable(factory.getAddress(ks));
        vmx.deal(account, 1 ether);
        PackedUserOperation memory op = _opOf(account, ks, _send(0.3 ether));
        bytes memory proof = absentProof(_baseTree(), uint160(ks), SALT + 1, c);
        op.signature = keyProofSignature(2, root0, alice, _signBy(op, alice), proof, "");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SpendingRulesRequired.selector, rulesHash));
        _handleExpectingRevert(op);
        op.signature = keyProofSignature(2, root0, alice, _signBy(op, alice), proof, rules);
        (bool ok,) = _handle(op);
        assertTrue(ok, "0.3 ether within the limit");
        op = _opOf(account, ks, _send(0.3 ether));
        op.signature = keyCachedSignature(root0, alice, _signBy(op, alice));
        bytes memory reason;
        (ok, reason) = _handle(op);
        assertFalse(ok, "0.6 ether in the day exceeds the limit");
        assertEq(
            reason,
            abi.encodeWithSelector(KeystoreAuth.SpendingLimitExceeded.selector, address(0), 0.6 ether, 0.5 ether),
            "revert reason"
        );
    }

    // ---------------------------------------------- the scheme the proof hashes

    /// @notice The proof hashes the owner key under the signature's scheme: the same point
    ///         claimed as raw P-256 or as secp256k1 is another key hash, so the non-membership
    ///         proof of a WebAuthn owner does not verify under either.
    function test_aSchemeOtherThanTheCommittedOneIsRejected() public {
        PackedUserOperation memory op = _firstOp(_asScheme(alice, RAW_P256), 1);
        _handleExpectingAA23(op, KeystoreProofs.InitialConfigMismatch.selector);
        op.signature =
            keyProofSignature(1, root0, _asScheme(alice, SECP256K1), ecdsa(bob.pk, _digest(op)), _initialProof(), "");
        _handleExpectingAA23(op, KeystoreProofs.InitialConfigMismatch.selector);
        // a member proof: carol's leaf holds a raw P-256 key; a WebAuthn assertion by it is refused
        _deployed();
        (TestTree.Tree memory t, bytes32 root1) = _rotatedTo(_rotated(carol, 1), START);
        bytes memory proof = memberProof(t, uint160(keystore), _rotated(carol, 1));
        op = _op(_send(0.1 ether));
        Key memory carolAsWebAuthn = _asScheme(carol, WEBAUTHN);
        op.signature = keyProofSignature(1, root1, carolAsWebAuthn, _signBy(op, carolAsWebAuthn), proof, "");
        _handleExpectingAA23(op, KeystoreProofs.FrontierMismatch.selector);
        op.signature = keyProofSignature(1, root1, carol, _signBy(op, carol), proof, "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "carol as P-256, the committed scheme");
    }

    /// @notice A P-256 key that is not in the root: a proof naming it is false (the initial
    ///         configuration or the leaf does not hash to what the root commits to), and the true
    ///         proof opens alice's key, for which mallory's assertion is not valid.
    function test_aP256KeyNotInTheRootIsRejected() public {
        PackedUserOperation memory op = _op(_send(0.1 ether));
        bytes memory forged = absentProof(_baseTree(), uint160(keystore), SALT, initialConfig(mallory, 0));
        op.signature = keyProofSignature(1, root0, mallory, _signBy(op, mallory), forged, "");
        _handleExpectingAA23(op, KeystoreProofs.InitialConfigMismatch.selector);
        op.signature = keyProofSignature(1, root0, mallory, _signBy(op, mallory), _initialProof(), "");
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);
        // a member proof with mallory in place of the owner
        _deployed();
        (TestTree.Tree memory t, bytes32 root1) = _rotatedTo(_rotated(carol, 1), START);
        Config memory claimed = _rotated(mallory, 1);
        op = _op(_send(0.1 ether));
        op.signature =
            keyProofSignature(1, root1, mallory, _signBy(op, mallory), memberProof(t, uint160(keystore), claimed), "");
        _handleExpectingAA23(op, KeystoreProofs.FrontierMismatch.selector);
    }

    // ----------------------------------------------------------------- the cache

    /// @notice A cached-mode signature names its key (x ‖ y); the account checks that the key's
    ///         keyId is the cached one before it verifies anything: another key, or the cached
    ///         point under another scheme, is SIG_VALIDATION_FAILED.
    function test_cachedModeOnlyAcceptsTheCachedKey() public {
        _deployed();
        assertEq(_validate(_cachedOp(mallory, root0)) & 1, 1, "mallory's own key and assertion");
        PackedUserOperation memory op = _op(_send(0.1 ether));
        op.signature = keyCachedSignature(root0, alice, _signBy(op, mallory));
        assertEq(_validate(op) & 1, 1, "mallory's assertion with alice's key");
        Key memory aliceAsP256 = _asScheme(alice, RAW_P256);
        assertEq(_validate(_cachedOp(aliceAsP256, root0)) & 1, 1, "alice's point as raw P-256");
        Key memory carolAsWebAuthn = _asScheme(carol, WEBAUTHN);
        assertEq(_validate(_cachedOp(carolAsWebAuthn, root0)) & 1, 1, "another WebAuthn key");
        assertEq(_validate(_cachedOp(alice, root0)) & 1, 0, "alice");
        // through the EntryPoint
        op = _cachedOp(mallory, root0);
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);
    }

    /// @notice A cached key is per root: after a rotation to carol (raw P-256) in a new root, alice's
    ///         key serves the old root until its grace ends, never the new root (nothing cached, and
    ///         a proof of the new root opens carol's key), and carol's key works with a proof and
    ///         then cached. Then a rotation to bob (secp256k1) ends carol's in turn.
    function test_aCachedPasskeyEndsWithItsRootAfterARotation() public {
        _deployed();
        vm.warp(START + 10);
        Config memory toCarol = _rotated(carol, 1);
        (TestTree.Tree memory t, bytes32 root1) = _rotatedTo(toCarol, START + 5);
        uint64 graceEnd = START + 10 + ROOT_GRACE;
        // alice, cached for root0: usable until the grace ends
        vm.warp(graceEnd);
        (bool ok,) = _handle(_cachedOp(alice, root0));
        assertTrue(ok, "alice's cached key within the grace");
        // alice with the new root: no cached key, and the proof opens carol's key
        PackedUserOperation memory op = _cachedOp(alice, root1);
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.KeyNotCached.selector, root1));
        _handleExpectingRevert(op);
        bytes memory proof1 = memberProof(t, uint160(keystore), toCarol);
        op = _op(_send(0.1 ether));
        op.signature = keyProofSignature(2, root1, alice, _signBy(op, alice), proof1, "");
        _handleExpectingAA23(op, KeystoreProofs.FrontierMismatch.selector);
        // carol proves, caches, then signs cached
        op.signature = keyProofSignature(2, root1, carol, _signBy(op, carol), proof1, "");
        (ok,) = _handle(op);
        assertTrue(ok, "carol with a proof");
        (ok,) = _handle(_cachedOp(carol, root1));
        assertTrue(ok, "carol cached");
        // after the grace, alice's cached key is refused
        vm.warp(graceEnd + 1);
        op = _cachedOp(alice, root0);
        _expectFailedOp("AA22 expired or not due");
        _handleExpectingRevert(op);
        // a rotation to bob (secp256k1): carol's cached key ends with root1's grace, bob signs
        vm.warp(START + 1000);
        Config memory toBob = _rotated(bob, 2);
        (TestTree.Tree memory t2, bytes32 root2) = _rotatedTo(toBob, START + 900);
        op = _op(_send(0.1 ether));
        op.signature = keyProofSignature(2, root2, bob, _signBy(op, bob), memberProof(t2, uint160(keystore), toBob), "");
        (ok,) = _handle(op);
        assertTrue(ok, "bob, secp256k1, after two passkeys");
        (address keyId,,) = KeystoreAccount(sender).cachedKey(sender, uint160(keystore), root2);
        assertEq(keyId, bob.addr, "bob's address cached");
        vm.warp(START + 1000 + ROOT_GRACE + 1);
        op = _cachedOp(carol, root1);
        _expectFailedOp("AA22 expired or not due");
        _handleExpectingRevert(op);
        (ok,) = _handle(_cachedOp(bob, root2));
        assertTrue(ok, "bob cached");
    }

    /// @notice At its threshold a pending recovery freezes a passkey owner as any other.
    function test_aFrozenPasskeyAccountSignsNothing() public {
        _deployed();
        Config memory c = withRecovery(_rotated(alice, 1), bob, 0x03, START + 7 days);
        (TestTree.Tree memory t, bytes32 root) = _rotatedTo(c, START);
        bytes memory proof = memberProof(t, uint160(keystore), c);
        PackedUserOperation memory op = _op(_send(0.1 ether));
        op.signature = keyProofSignature(2, root, alice, _signBy(op, alice), proof, "");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.RecoveryInProgress.selector, START + 7 days));
        _handleExpectingRevert(op);
        bytes32 hash = keccak256("message");
        bytes memory sig = keyProofSignature(1, root, alice, ownerSign(alice, messageDigest(sender, hash)), proof, "");
        assertEq(KeystoreAccount(sender).isValidSignature(hash, sig), bytes4(0xffffffff), "EIP-1271: frozen");
    }

    // ------------------------------------------------------------ the signature

    /// @notice Low s only, for raw P-256 and for WebAuthn (passkeys.md §3): the high-s twin of a
    ///         valid signature, which the bare precompile would accept, is SIG_VALIDATION_FAILED.
    function test_highSIsRejected() public {
        _deployed();
        PackedUserOperation memory op = _op(_send(0.1 ether));
        bytes memory authData = authenticatorData(FLAGS_UP_UV);
        bytes memory clientData = clientDataJSON("webauthn.get", _digest(op));
        bytes memory rs = p256Sign(alice.pk, sha256(abi.encodePacked(authData, sha256(clientData))));
        op.signature = keyCachedSignature(root0, alice, webAuthnBody(authData, clientData, highS(rs)));
        assertEq(_validate(op) & 1, 1, "WebAuthn, high s");
        op.signature = keyCachedSignature(root0, alice, webAuthnBody(authData, clientData, rs));
        assertEq(_validate(op) & 1, 0, "WebAuthn, low s");
        // raw P-256: carol's own account
        Config memory c = initialConfig(carol, 0);
        address ks = keystoreAddressOf(SALT, c);
        address payable account = payable(factory.getAddress(ks));
        vmx.deal(account, 1 ether);
        op = _opOf(account, ks, _send(0.1 ether));
        bytes memory proof = absentProof(_baseTree(), uint160(ks), SALT, c);
        op.signature = keyProofSignature(2, root0, carol, highS(_signBy(op, carol)), proof, "");
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);
        op.signature = keyProofSignature(2, root0, carol, _signBy(op, carol), proof, "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "the low-s form");
    }

    /// @notice Every rule of a WebAuthn assertion (passkeys.md §4.2), each broken alone:
    ///         SIG_VALIDATION_FAILED; and the valid variants (UP without UV, extension data).
    function test_webAuthnAssertionRulesAreEnforced() public {
        _deployed();
        PackedUserOperation memory op = _op(_send(0.1 ether));
        bytes32 d = _digest(op);
        bytes memory goodClient = clientDataJSON("webauthn.get", d);
        assertEq(_validate(_assertion(op, authenticatorData(0x04), goodClient)) & 1, 1, "UP clear (UV set)");
        assertEq(_validate(_assertion(op, authenticatorData(0x00), goodClient)) & 1, 1, "no flags");
        assertEq(
            _validate(_assertion(op, authenticatorData(FLAGS_UP_UV), clientDataJSON("webauthn.get", keccak256("x"))))
                & 1,
            1,
            "another challenge"
        );
        assertEq(
            _validate(_assertion(op, authenticatorData(FLAGS_UP_UV), clientDataJSON("webauthn.create", d))) & 1,
            1,
            "type webauthn.create"
        );
        bytes memory spaced = bytes.concat(bytes("{ "), _slice(goodClient, 1, goodClient.length));
        assertEq(_validate(_assertion(op, authenticatorData(FLAGS_UP_UV), spaced)) & 1, 1, "whitespace in the prefix");
        bytes memory shortAuth = _slice(authenticatorData(FLAGS_UP_UV), 0, 36);
        assertEq(_validate(_assertion(op, shortAuth, goodClient)) & 1, 1, "authenticatorData of 36 bytes");
        // tampered after signing: clientDataJSON's origin, authenticatorData's signCount
        bytes memory authData = authenticatorData(FLAGS_UP_UV);
        bytes memory body = webAuthnSign(alice.pk, authData, goodClient);
        body[2 + authData.length + 2 + goodClient.length - 3] ^= 0x01;
        op.signature = keyCachedSignature(root0, alice, body);
        assertEq(_validate(op) & 1, 1, "clientDataJSON changed after signing");
        body = webAuthnSign(alice.pk, authData, goodClient);
        body[2 + 36] ^= 0x01;
        op.signature = keyCachedSignature(root0, alice, body);
        assertEq(_validate(op) & 1, 1, "signCount changed after signing");
        // valid: UP without UV; extension data after signCount (ED set)
        assertEq(_validate(_assertion(op, authenticatorData(0x01), goodClient)) & 1, 0, "UP without UV");
        bytes memory withExtensions = bytes.concat(authenticatorData(0x85), hex"a16b6372656450726f7465637402");
        assertEq(_validate(_assertion(op, withExtensions, goodClient)) & 1, 0, "extension data");
    }

    /// @notice Malformed signatures revert (the EntryPoint: AA23), as for secp256k1: an unknown
    ///         mode or scheme, a WebAuthn body whose lengths run past the end, a cached signature
    ///         without its key or with trailing bytes.
    function test_malformedPasskeySignaturesRevert() public {
        _deployed();
        PackedUserOperation memory op = _cachedOp(alice, root0);
        bytes memory good = bytes.concat(op.signature);
        op.signature[0] = 0x23;
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.UnknownSignatureMode.selector, 3));
        _handleExpectingRevert(op);
        op.signature[0] = 0x30;
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.UnknownKeyScheme.selector, 4));
        _handleExpectingRevert(op);
        op.signature[0] = 0xf0;
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.UnknownKeyScheme.selector, 16));
        _handleExpectingRevert(op);
        op.signature = bytes.concat(good, hex"00");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SignatureTooLong.selector, good.length + 1));
        _handleExpectingRevert(op);
        op.signature = _slice(good, 0, good.length - 32);
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SignatureTooShort.selector, good.length - 32));
        _handleExpectingRevert(op);
        op.signature = _slice(good, 0, 34);
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SignatureTooShort.selector, 34));
        _handleExpectingRevert(op);
        // authenticatorData's length (u16 at byte 33) past the end
        op.signature = good;
        op.signature[33] = 0xff;
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SignatureTooShort.selector, good.length));
        _handleExpectingRevert(op);
        // a raw P-256 signature of 96 bytes (no s) and a cached one without y
        op.signature = _slice(keyCachedSignature(root0, carol, _signBy(op, carol)), 0, 96);
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SignatureTooShort.selector, 96));
        _handleExpectingRevert(op);
        op.signature = _slice(keyCachedSignature(root0, carol, _signBy(op, carol)), 0, 129);
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SignatureTooShort.selector, 129));
        _handleExpectingRevert(op);
    }

    // ----------------------------------------------------------------- EIP-1271

    /// @notice EIP-1271 with a WebAuthn owner: valid with the proof and cached, for the typed
    ///         digest only; another key, another message, a malformed cached signature or a stale
    ///         root: 0xffffffff.
    function test_eip1271WithAPasskeyOwner() public {
        _deployed();
        KeystoreAccount a = KeystoreAccount(sender);
        bytes32 hash = keccak256("message");
        bytes memory assertion = ownerSign(alice, messageDigest(sender, hash));
        bytes4 valid = 0x1626ba7e;
        bytes4 invalid = 0xffffffff;
        assertEq(
            a.isValidSignature(hash, keyProofSignature(1, root0, alice, assertion, _initialProof(), "")), valid, "proof"
        );
        assertEq(a.isValidSignature(hash, keyCachedSignature(root0, alice, assertion)), valid, "cached");
        assertEq(a.isValidSignature(keccak256("other"), keyCachedSignature(root0, alice, assertion)), invalid, "other");
        assertEq(
            a.isValidSignature(hash, keyCachedSignature(root0, alice, ownerSign(alice, hash))), invalid, "raw hash"
        );
        assertEq(
            a.isValidSignature(
                hash, keyCachedSignature(root0, mallory, ownerSign(mallory, messageDigest(sender, hash)))
            ),
            invalid,
            "mallory"
        );
        assertEq(
            a.isValidSignature(hash, bytes.concat(keyCachedSignature(root0, alice, assertion), hex"00")),
            invalid,
            "trailing byte"
        );
        bytes memory asP256 = keyProofSignature(
            1, root0, _asScheme(alice, RAW_P256), p256Sign(alice.pk, messageDigest(sender, hash)), _initialProof(), ""
        );
        try a.isValidSignature(hash, asP256) {
            fail("a false proof reverts");
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), KeystoreProofs.InitialConfigMismatch.selector, "the point as raw P-256");
        }
        vm.warp(START - 60 + MAX_ROOT_AGE + 1);
        assertEq(a.isValidSignature(hash, keyCachedSignature(root0, alice, assertion)), invalid, "stale root");
    }

    // ------------------------------------------------- the Java reference account

    /// @notice The mixed-scheme account of test-vectors/keystore-state-v1.json (a WebAuthn owner,
    ///         private key 0x0a11ce, with a passkey and a secp256k1 guardian and spending rules): its
    ///         non-membership proof, built from the Java reference's settings, verifies for its
    ///         Java-computed address when signed as WebAuthn (the account then asks for the rule
    ///         list, which the vectors do not carry), and not as raw P-256.
    function test_theJavaMixedSchemeAccountProvesItsWebAuthnOwner() public {
        string memory json = readProjectFile("../../test-vectors/keystore-state-v1.json");
        string memory a = ".passkeys.mixedAccount";
        string memory c = string.concat(a, ".initialConfig");
        Key memory owner = makePasskey(0x0a11ce, WEBAUTHN);
        bytes memory pub = vm.parseJsonBytes(json, string.concat(c, ".owner.publicKey"));
        assertEq(keccak256(pub), keccak256(abi.encodePacked(uint8(4), owner.x, owner.y)), "the vector's owner key");
        assertEq(vm.parseJsonUint(json, string.concat(c, ".owner.scheme")), WEBAUTHN, "scheme 3");
        Config memory config = initialConfig(owner, vm.parseJsonUint(json, string.concat(c, ".spendingRulesHash")));
        config.guardianSetHash = vm.parseJsonUint(json, string.concat(c, ".guardianSetHash"));
        uint256 salt = vm.parseJsonUint(json, string.concat(a, ".salt"));
        address ks = vmx.parseJsonAddress(json, string.concat(a, ".address"));
        assertEq(keystoreAddressOf(salt, config), ks, "the Java address");
        address payable account = payable(factory.getAddress(ks));
        vmx.deal(account, 1 ether);
        PackedUserOperation memory op = _opOf(account, ks, _send(0.1 ether));
        bytes memory proof = absentProof(_baseTree(), uint160(ks), salt, config);
        op.signature = keyProofSignature(2, root0, owner, _signBy(op, owner), proof, "");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SpendingRulesRequired.selector, config.rulesHash));
        _handleExpectingRevert(op);
        Key memory asP256 = _asScheme(owner, RAW_P256);
        op.signature = keyProofSignature(2, root0, asP256, p256Sign(owner.pk, _digest(op)), proof, "");
        _handleExpectingAA23(op, KeystoreProofs.InitialConfigMismatch.selector);
    }

    // --------------------------------------------------------------------- fuzz

    /// @notice Fuzz: any byte of a valid cached WebAuthn signature changed (type, root, the body's
    ///         lengths, authenticatorData, clientDataJSON, r, s, x, y) never validates: it reverts or
    ///         returns SIG_VALIDATION_FAILED.
    function testFuzz_anyChangedByteOfACachedWebAuthnSignatureNeverValidates(uint256 position, uint8 delta) public {
        _deployed();
        PackedUserOperation memory op = _cachedOp(alice, root0);
        position = bound(position, 0, op.signature.length - 1);
        delta = uint8(bound(delta, 1, 255));
        op.signature[position] = bytes1(uint8(op.signature[position]) ^ delta);
        bytes32 h = ep.getUserOpHash(op);
        vm.prank(address(ep));
        try KeystoreAccount(sender).validateUserOp(op, h, 0) returns (uint256 data) {
            assertEq(data & 1, 1, "a changed signature validated");
        } catch {}
    }

    /// @notice Fuzz: an account whose owner is a random raw P-256 key accepts that key's low-s
    ///         signature with a proof, and refuses its high-s twin and another key's signature.
    function testFuzz_anyP256OwnerKey(uint256 ownerPk, uint256 otherPk) public {
        ownerPk = bound(ownerPk, 1, P256.N - 1);
        otherPk = bound(otherPk, 1, P256.N - 1);
        vm.assume(otherPk != ownerPk);
        Key memory owner = makePasskey(ownerPk, RAW_P256);
        Config memory c = initialConfig(owner, 0);
        address ks = keystoreAddressOf(SALT, c);
        address payable account = payable(factory.createAccount(ks));
        PackedUserOperation memory op = _opOf(account, ks, _send(0));
        bytes memory proof = absentProof(_baseTree(), uint160(ks), SALT, c);
        bytes32 h = ep.getUserOpHash(op);
        bytes memory good = p256Sign(ownerPk, ethSigned(h));
        bytes[3] memory sigs = [good, highS(good), p256Sign(otherPk, ethSigned(h))];
        for (uint256 i; i < 3; ++i) {
            op.signature = keyProofSignature(1, root0, owner, sigs[i], proof, "");
            vm.prank(address(ep));
            uint256 data = KeystoreAccount(account).validateUserOp(op, h, 0);
            assertEq(data & 1, i == 0 ? 0 : 1, "only the owner's low-s signature");
        }
    }

    function _slice(bytes memory b, uint256 from, uint256 to) internal pure returns (bytes memory out) {
        out = new bytes(to - from);
        for (uint256 i; i < out.length; ++i) {
            out[i] = b[from + i];
        }
    }
}

/// @notice The account scenarios with the P-256 precompile (osaka: EIP-7951 at 0x100).
/// forge-config: default.evm_version = "osaka"
contract KeystorePasskeyAccountTest is PasskeyAccountScenarios {
    function setUp() public {
        _setUpP256(true);
        _setUpScenarios();
    }
}

/// @notice The account scenarios without the precompile (prague), through P256FallbackVerifier at
///         solady's P256.VERIFIER.
contract KeystorePasskeyAccountFallbackTest is PasskeyAccountScenarios {
    function setUp() public {
        _setUpP256(false);
        _setUpScenarios();
    }
}

/// @notice KeystoreValidator (ERC-7579) with passkey owners, installed in a minimal account: the same
///         signature encoding and checks as KeystoreAccount, through the real EntryPoint.
abstract contract PasskeyValidatorScenarios is PasskeyTestBase {
    uint256 internal constant SALT = 99;

    KeystoreValidator internal validator;
    Minimal7579Account internal account;
    Key internal alice;
    Key internal carol;
    Config internal initial;
    address internal keystore;
    bytes32 internal root0;

    function _setUpScenarios() internal {
        _setUpChain();
        validator = new KeystoreValidator(oracle, verifier, MAX_ROOT_AGE, ROOT_GRACE);
        alice = makePasskey(0xA11CE, WEBAUTHN);
        carol = makePasskey(0xCA201, RAW_P256);
        initial = initialConfig(alice, 0);
        keystore = keystoreAddressOf(SALT, initial);
        account = new Minimal7579Account(address(ep));
        account.initialize(address(validator), abi.encode(keystore), false);
        vmx.deal(address(account), 10 ether);
        root0 = _record(_baseTree(), START - 60);
    }

    function _op() internal view returns (PackedUserOperation memory) {
        uint256 nonce = ep.getNonce(address(account), uint192(uint160(address(validator))) << 32);
        bytes memory callData =
            abi.encodeCall(Minimal7579Account.execute, (bytes32(0), abi.encodePacked(RECIPIENT, uint256(1 ether), "")));
        return userOp(address(account), nonce, "", callData);
    }

    function _proof() internal view returns (bytes memory) {
        return absentProof(_baseTree(), uint160(keystore), SALT, initial);
    }

    /// @notice A WebAuthn owner proves and caches its key through the validator, then signs cached.
    function test_webAuthnOwnerThroughTheValidator() public {
        PackedUserOperation memory op = _op();
        op.signature = keyProofSignature(2, root0, alice, _signBy(op, alice), _proof(), "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "with a proof");
        (address keyId,,) = validator.cachedKey(address(account), uint160(keystore), root0);
        assertEq(keyId, alice.addr, "cached keyId");
        op = _op();
        op.signature = keyCachedSignature(root0, alice, _signBy(op, alice));
        (ok,) = _handle(op);
        assertTrue(ok, "cached");
        assertEq(RECIPIENT.balance, 2 ether, "paid twice");
    }

    /// @notice The validator hashes the owner key under the signature's scheme too, and a cached
    ///         key of another scheme or another key does not sign.
    function test_theValidatorRefusesAnotherSchemeOrKey() public {
        PackedUserOperation memory op = _op();
        Key memory aliceAsP256 = _asScheme(alice, RAW_P256);
        op.signature = keyProofSignature(2, root0, aliceAsP256, p256Sign(alice.pk, _digest(op)), _proof(), "");
        _handleExpectingAA23(op, KeystoreProofs.InitialConfigMismatch.selector);
        op.signature = keyProofSignature(2, root0, alice, _signBy(op, alice), _proof(), "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "alice");
        op = _op();
        op.signature = keyCachedSignature(root0, aliceAsP256, p256Sign(alice.pk, _digest(op)));
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);
        op.signature = keyCachedSignature(root0, carol, _signBy(op, carol));
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);
    }

    /// @notice ERC-7579's isValidSignatureWithSender with a WebAuthn owner (a view: nothing cached).
    function test_eip1271WithSenderForAPasskeyOwner() public {
        bytes32 hash = keccak256("message");
        bytes memory assertion = ownerSign(alice, messageDigest(address(account), hash));
        bytes memory sig = keyProofSignature(1, root0, alice, assertion, _proof(), "");
        vm.prank(address(account));
        assertEq(validator.isValidSignatureWithSender(address(this), hash, sig), bytes4(0x1626ba7e), "valid");
        vm.prank(address(account));
        assertEq(
            validator.isValidSignatureWithSender(address(this), keccak256("other"), sig), bytes4(0xffffffff), "other"
        );
        vm.prank(address(account));
        assertEq(
            validator.isValidSignatureWithSender(address(this), hash, keyCachedSignature(root0, alice, assertion)),
            bytes4(0xffffffff),
            "nothing cached"
        );
    }
}

/// @notice The validator scenarios with the P-256 precompile (osaka).
/// forge-config: default.evm_version = "osaka"
contract KeystorePasskeyValidatorTest is PasskeyValidatorScenarios {
    function setUp() public {
        _setUpP256(true);
        _setUpScenarios();
    }
}

/// @notice The validator scenarios through the fallback verifier (prague, no precompile).
contract KeystorePasskeyValidatorFallbackTest is PasskeyValidatorScenarios {
    function setUp() public {
        _setUpP256(false);
        _setUpScenarios();
    }
}
