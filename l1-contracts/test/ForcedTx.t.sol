// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {Vm} from "keystore-test/Vm.sol";
import {ForcedTx} from "../src/ForcedTx.sol";
import {ForcedTxBuilder} from "./ForcedTxBuilder.sol";

/// @notice The state-independent validation of a forced transaction and its forceId
///         (proof.md §7.1, §7.2): each type accepted, every decoding and settings rule rejected
///         with its error, the Java reference's transactions decoded to its digests.
contract ForcedTxTest is ForcedTxBuilder {
    // byte offsets in an UpdateConfig without creation (transactions.md §5)
    uint256 internal constant U_OWNER = 30;
    uint256 internal constant U_THRESHOLD = 95;
    uint256 internal constant U_DELAY = 96;
    uint256 internal constant U_GUARDIAN = 104; // slot i at 104 + 65 i
    uint256 internal constant U_RULES = 364;
    uint256 internal constant U_FLAG = 396;
    uint256 internal constant U_SIG = 397;
    // with creation
    uint256 internal constant UC_SALT = 397;
    uint256 internal constant UC_OWNER = 429;
    uint256 internal constant UC_SIG = 795;
    // ApproveRecovery
    uint256 internal constant A_INDEX = 22;
    uint256 internal constant A_NEW_OWNER = 23;
    uint256 internal constant A_FLAG = 96;

    uint256 internal constant SALT = 0x1234;
    uint256 internal constant SECP256K1_P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f;
    uint256 internal constant FIELD = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    address internal account;
    bytes internal update; // owner-signed UpdateConfig, 2 of 3 guardians, no creation

    function setUp() public {
        setUpBuilder(keccak256("a test domain"));
        account = accountOf(SALT, owner, 3, 2);
        update = updateConfig(account, 7, settings(owner, 3, 2), hex"00", owner.privateKey);
    }

    function validate(bytes memory t, Vm.Wallet memory signer) internal view returns (bytes32) {
        return harness.validate(t, signerKeyOf(signer), separator);
    }

    function expectRejected(bytes memory t, bytes memory signerKey, bytes memory reason) internal {
        vm.expectRevert(reason);
        harness.validate(t, signerKey, separator);
    }

    function expectRejected(bytes memory t, bytes memory reason) internal {
        expectRejected(t, signerKeyOf(owner), reason);
    }

    // ------------------------------------------------------------------ accepted, and their ids

    function test_updateConfigIsAcceptedAndItsIdBindsCommitmentAndSigner() public view {
        uint256 commitment = KeystoreProtocol.settingsCommitment(keyHashOf(owner), guardianSetHashOf(3, 2), RULES);
        bytes32 id = validate(update, owner);
        assertEq(id, expectedForceId(1, 0, 7, account, commitment, keyHashOf(owner), 0), "forceId");
        assertEq(update.length, 462, "length");
    }

    function test_updateConfigWithCreationIsAcceptedAndItsIdBindsTheCreation() public view {
        bytes memory t = updateConfig(account, 0, settings(thief, 0, 0), creation(SALT, owner, 3, 2), owner.privateKey);
        assertEq(t.length, 860, "length");
        uint256 commitment = KeystoreProtocol.settingsCommitment(keyHashOf(thief), guardianSetHashOf(0, 0), RULES);
        assertEq(
            validate(t, owner),
            expectedForceId(1, 0, 0, account, commitment, keyHashOf(owner), creationCommitmentOf(SALT, owner, 3, 2)),
            "forceId"
        );
    }

    function test_approveRecoveryIsAcceptedWithTheGuardianIndexInItsId() public view {
        bytes memory t = approveRecovery(account, 2, thief, 5, hex"00", guardians[2].privateKey);
        assertEq(t.length, 162, "length");
        assertEq(
            validate(t, guardians[2]),
            expectedForceId(2, 2, 5, account, keyHashOf(thief), keyHashOf(guardians[2]), 0),
            "forceId"
        );
    }

    function test_approveRecoveryWithCreationIsAccepted() public view {
        bytes memory t = approveRecovery(account, 1, thief, 0, creation(SALT, owner, 3, 2), guardians[1].privateKey);
        assertEq(t.length, 560, "length");
        assertEq(
            validate(t, guardians[1]),
            expectedForceId(
                2, 1, 0, account, keyHashOf(thief), keyHashOf(guardians[1]), creationCommitmentOf(SALT, owner, 3, 2)
            ),
            "forceId"
        );
    }

    function test_cancelRecoveryIsAccepted() public view {
        bytes memory t = cancelRecovery(account, 9, owner.privateKey);
        assertEq(t.length, 95, "length");
        assertEq(validate(t, owner), expectedForceId(3, 0, 9, account, 0, keyHashOf(owner), 0), "forceId");
    }

    function test_finaliseRecoveryIsAcceptedUnsignedWithAnEmptySignerKey() public view {
        bytes memory t = finaliseRecovery(account);
        assertEq(harness.validate(t, "", separator), expectedForceId(4, 0, 0, account, 0, 0, 0), "forceId");
    }

    function test_aSignatureUnderAnotherDomainIsRejected() public {
        bytes memory t = update;
        separator = keccak256("another deployment");
        vm.expectRevert(); // WrongSigner with the address the signature recovers to there
        harness.validate(t, signerKeyOf(owner), separator);
    }

    // ------------------------------------------------------------------ the Java reference's transactions

    /// @notice test-vectors/keystore-state-v1.json: every transaction decodes, under the
    ///         vectors' domain, to the struct payload and EIP-712 digest Java computed, and each
    ///         signed one is accepted with the key its signature recovers to.
    function test_theJavaReferenceTransactionsDecodeToItsDigests() public view {
        string memory json = readProjectFile("../test-vectors/keystore-state-v1.json");
        bytes32 domain = vm.parseJsonBytes32(json, ".domain.separator");
        bytes[] memory keys = candidateKeys(json);
        uint256 n;
        uint256 signed;
        for (uint256 i;; ++i) {
            string memory at = jsonPath(".transitions", i, "");
            if (!vm.keyExistsJson(json, string.concat(at, ".encoding"))) break;
            n++;
            bytes memory t = vm.parseJsonBytes(json, string.concat(at, ".encoding"));
            ForcedTx.Decoded memory d = harness.decode(t, domain);
            if (d.txType == 4) {
                harness.validate(t, "", domain);
                continue;
            }
            assertEq(d.digest, vm.parseJsonBytes32(json, string.concat(at, ".digest")), "digest");
            if (d.txType == 1) {
                assertEq(
                    bytes32(d.payload),
                    vm.parseJsonBytes32(json, string.concat(at, ".newConfigCommitment")),
                    "commitment"
                );
            }
            if (d.txType == 2) {
                assertEq(
                    bytes32(d.payload), vm.parseJsonBytes32(json, string.concat(at, ".newOwnerKeyHash")), "owner hash"
                );
            }
            address recovered = recoverSigner(t, d);
            for (uint256 k; k < keys.length; ++k) {
                if (address(uint160(uint256(keccak256(keys[k])))) == recovered) {
                    harness.validate(t, keys[k], domain);
                    signed++;
                    break;
                }
            }
        }
        assertEq(n, 25, "transitions read");
        assertEq(signed, 21, "signed transactions accepted with their key");
    }

    function recoverSigner(bytes memory t, ForcedTx.Decoded memory d) internal pure returns (address) {
        uint256 o = d.signatureOffset;
        bytes32 r;
        bytes32 s;
        assembly {
            r := mload(add(add(t, 32), o))
            s := mload(add(add(t, 64), o))
        }
        return ecrecover(d.digest, uint8(t[o + 64]), r, s);
    }

    /// @dev Every public key the vector file lists (0x04 ‖ x ‖ y), as x ‖ y.
    function candidateKeys(string memory json) internal view returns (bytes[] memory keys) {
        string[] memory paths = new string[](64);
        uint256 n;
        for (uint256 i; i < 4; ++i) {
            paths[n++] = jsonPath(".keys", i, ".publicKey");
        }
        for (uint256 a; a < 2; ++a) {
            string memory c = jsonPath(".accounts", a, ".initialConfig");
            paths[n++] = string.concat(c, ".owner.publicKey");
            for (uint256 g; g < 4; ++g) {
                paths[n++] = string.concat(c, jsonPath(".guardians", g, ".publicKey"));
            }
        }
        for (uint256 t; t < 25; ++t) {
            paths[n++] = string.concat(jsonPath(".transitions", t, ".tx"), ".newSettings.owner.publicKey");
            paths[n++] = string.concat(jsonPath(".transitions", t, ".tx"), ".newOwner.publicKey");
        }
        keys = new bytes[](n);
        uint256 found;
        for (uint256 i; i < n; ++i) {
            if (!vm.keyExistsJson(json, paths[i])) continue;
            bytes memory pk = vm.parseJsonBytes(json, paths[i]);
            bytes memory xy = new bytes(64);
            for (uint256 j; j < 64; ++j) {
                xy[j] = pk[j + 1];
            }
            keys[found++] = xy;
        }
        assembly {
            mstore(keys, found)
        }
    }

    // ------------------------------------------------------------------ the header and lengths

    function test_rejectsAnEmptyEncoding() public {
        expectRejected("", abi.encodeWithSelector(ForcedTx.BadTxLength.selector, uint8(0), uint256(0)));
    }

    function test_rejectsAnUnknownVersion() public {
        expectRejected(withByte(update, 0, 2), abi.encodeWithSelector(ForcedTx.UnsupportedVersion.selector, uint8(2)));
    }

    function test_rejectsAVersionWithoutAType() public {
        expectRejected(hex"01", abi.encodeWithSelector(ForcedTx.BadTxLength.selector, uint8(0), uint256(1)));
    }

    function test_rejectsTheZeroAccountInEveryType() public {
        bytes memory zero = abi.encodePacked(bytes20(0));
        expectRejected(finaliseRecovery(address(0)), "", abi.encodeWithSelector(ForcedTx.ZeroAccount.selector));
        bytes[] memory txs = new bytes[](3);
        txs[0] = update;
        txs[1] = approveRecovery(account, 0, thief, 0, hex"00", guardians[0].privateKey);
        txs[2] = cancelRecovery(account, 0, owner.privateKey);
        for (uint256 i; i < txs.length; ++i) {
            bytes memory t = bytes.concat(txs[i]);
            for (uint256 j; j < 20; ++j) {
                t[2 + j] = zero[j];
            }
            expectRejected(t, abi.encodeWithSelector(ForcedTx.ZeroAccount.selector));
        }
    }

    function test_rejectsUnknownTypes() public {
        expectRejected(withByte(update, 1, 0), abi.encodeWithSelector(ForcedTx.UnknownTxType.selector, uint8(0)));
        expectRejected(withByte(update, 1, 5), abi.encodeWithSelector(ForcedTx.UnknownTxType.selector, uint8(5)));
    }

    function test_rejectsTruncatedAndTrailingEncodingsOfEveryType() public {
        bytes[] memory txs = new bytes[](5);
        txs[0] = update;
        txs[1] = updateConfig(account, 0, settings(owner, 3, 2), creation(SALT, owner, 3, 2), owner.privateKey);
        txs[2] = approveRecovery(account, 0, thief, 0, hex"00", guardians[0].privateKey);
        txs[3] = cancelRecovery(account, 0, owner.privateKey);
        txs[4] = finaliseRecovery(account);
        for (uint256 i; i < txs.length; ++i) {
            bytes memory t = txs[i];
            uint8 txType = uint8(t[1]);
            bytes memory longer = bytes.concat(t, hex"00");
            expectRejected(longer, abi.encodeWithSelector(ForcedTx.BadTxLength.selector, txType, longer.length));
            bytes memory shorter = truncate(t, t.length - 1);
            expectRejected(shorter, abi.encodeWithSelector(ForcedTx.BadTxLength.selector, txType, shorter.length));
        }
        // cut before the creation flag
        expectRejected(
            truncate(update, U_FLAG), abi.encodeWithSelector(ForcedTx.BadTxLength.selector, uint8(1), U_FLAG)
        );
    }

    function test_rejectsACreationFlagThatDoesNotMatchTheLength() public {
        // flag 1 on a transaction without creation data: the length says 860
        expectRejected(
            withByte(update, U_FLAG, 1), abi.encodeWithSelector(ForcedTx.BadTxLength.selector, uint8(1), uint256(462))
        );
    }

    function test_rejectsACreationFlagOtherThanZeroOrOne() public {
        expectRejected(withByte(update, U_FLAG, 2), abi.encodeWithSelector(ForcedTx.BadCreationFlag.selector, uint8(2)));
        bytes memory a = approveRecovery(account, 0, thief, 0, hex"00", guardians[0].privateKey);
        expectRejected(
            withByte(a, A_FLAG, 0xff), abi.encodeWithSelector(ForcedTx.BadCreationFlag.selector, uint8(0xff))
        );
    }

    // ------------------------------------------------------------------ fields and keys

    function test_rejectsANonCanonicalSpendingRulesHash() public {
        expectRejected(
            withWord(update, U_RULES, FIELD), abi.encodeWithSelector(ForcedTx.NotAFieldElement.selector, U_RULES)
        );
    }

    function test_rejectsANonCanonicalSalt() public {
        bytes memory t = updateConfig(account, 0, settings(owner, 3, 2), creation(SALT, owner, 3, 2), owner.privateKey);
        expectRejected(
            withWord(t, UC_SALT, type(uint256).max), abi.encodeWithSelector(ForcedTx.NotAFieldElement.selector, UC_SALT)
        );
    }

    function test_rejectsAnUnknownKeyScheme() public {
        expectRejected(
            withByte(update, U_OWNER, 2), abi.encodeWithSelector(ForcedTx.UnknownKeyScheme.selector, U_OWNER, uint8(2))
        );
        // an owner key is never empty
        expectRejected(
            withByte(update, U_OWNER, 0), abi.encodeWithSelector(ForcedTx.UnknownKeyScheme.selector, U_OWNER, uint8(0))
        );
        uint256 g1 = U_GUARDIAN + 65;
        expectRejected(
            withByte(update, g1, 7), abi.encodeWithSelector(ForcedTx.UnknownKeyScheme.selector, g1, uint8(7))
        );
        bytes memory a = approveRecovery(account, 0, thief, 0, hex"00", guardians[0].privateKey);
        expectRejected(
            withByte(a, A_NEW_OWNER, 2),
            abi.encodeWithSelector(ForcedTx.UnknownKeyScheme.selector, A_NEW_OWNER, uint8(2))
        );
    }

    function test_rejectsKeyCoordinatesNotBelowP() public {
        // (x + p, y) names the same point modulo p: refused, not reduced
        expectRejected(
            withWord(update, U_OWNER + 1, SECP256K1_P),
            abi.encodeWithSelector(ForcedTx.KeyCoordinateOutOfRange.selector, U_OWNER)
        );
        expectRejected(
            withWord(update, U_OWNER + 33, SECP256K1_P),
            abi.encodeWithSelector(ForcedTx.KeyCoordinateOutOfRange.selector, U_OWNER)
        );
    }

    function test_rejectsAKeyNotOnTheCurve() public {
        expectRejected(
            withWord(update, U_OWNER + 33, owner.publicKeyY ^ 1),
            abi.encodeWithSelector(ForcedTx.KeyNotOnCurve.selector, U_OWNER)
        );
        uint256 g2 = U_GUARDIAN + 130;
        expectRejected(withWord(update, g2 + 1, 0), abi.encodeWithSelector(ForcedTx.KeyNotOnCurve.selector, g2));
        bytes memory a = approveRecovery(account, 0, thief, 0, hex"00", guardians[0].privateKey);
        expectRejected(
            withWord(a, A_NEW_OWNER + 1, 1), abi.encodeWithSelector(ForcedTx.KeyNotOnCurve.selector, A_NEW_OWNER)
        );
    }

    function test_rejectsANonZeroByteInAnEmptyGuardianSlot() public {
        uint256 g3 = U_GUARDIAN + 195; // empty: 3 guardians
        expectRejected(withByte(update, g3 + 64, 1), abi.encodeWithSelector(ForcedTx.NonZeroEmptyKeySlot.selector, g3));
        expectRejected(withByte(update, g3 + 1, 1), abi.encodeWithSelector(ForcedTx.NonZeroEmptyKeySlot.selector, g3));
    }

    function test_rejectsAGuardianAfterAnEmptySlot() public {
        bytes memory t = bytes.concat(update);
        // move guardian 2 to slot 3, leaving slot 2 empty
        for (uint256 i; i < 65; ++i) {
            t[U_GUARDIAN + 195 + i] = t[U_GUARDIAN + 130 + i];
            t[U_GUARDIAN + 130 + i] = 0;
        }
        expectRejected(t, abi.encodeWithSelector(ForcedTx.KeyAfterEmptySlot.selector, U_GUARDIAN + 195));
    }

    function test_rejectsAGuardianIndexAbove3() public {
        bytes memory a = approveRecovery(account, 0, thief, 0, hex"00", guardians[0].privateKey);
        expectRejected(withByte(a, A_INDEX, 4), abi.encodeWithSelector(ForcedTx.BadGuardianIndex.selector, uint8(4)));
    }

    // ------------------------------------------------------------------ signatures

    function test_rejectsMalformedSignatures() public {
        uint256 r = U_SIG;
        uint256 s = U_SIG + 32;
        uint256 v = U_SIG + 64;
        bytes4 malformed = ForcedTx.MalformedSignature.selector;
        expectRejected(withWord(update, r, 0), abi.encodeWithSelector(malformed));
        expectRejected(withWord(update, r, SECP256K1_N), abi.encodeWithSelector(malformed));
        expectRejected(withWord(update, s, 0), abi.encodeWithSelector(malformed));
        expectRejected(withWord(update, s, SECP256K1_N / 2 + 1), abi.encodeWithSelector(malformed)); // high s
        expectRejected(withByte(update, v, 26), abi.encodeWithSelector(malformed));
        expectRejected(withByte(update, v, 29), abi.encodeWithSelector(malformed));
        expectRejected(withByte(update, v, 0), abi.encodeWithSelector(malformed));
    }

    function test_rejectsASignatureByAnotherKey() public {
        bytes memory t = updateConfig(account, 7, settings(owner, 3, 2), hex"00", thief.privateKey);
        expectRejected(t, abi.encodeWithSelector(ForcedTx.WrongSigner.selector, thief.addr, owner.addr));
    }

    function test_rejectsAChangedCounterAfterSigning() public {
        bytes memory t = withByte(update, 29, 8); // nonce 7 -> 8: another digest
        vm.expectRevert();
        harness.validate(t, signerKeyOf(owner), separator);
        bytes memory c = cancelRecovery(account, 3, owner.privateKey);
        vm.expectRevert();
        harness.validate(withByte(c, 29, 4), signerKeyOf(owner), separator);
    }

    function test_rejectsASignerKeyThatIsNot64Bytes() public {
        expectRejected(update, "", abi.encodeWithSelector(ForcedTx.BadSignerKeyLength.selector, uint256(0)));
        expectRejected(
            update,
            bytes.concat(hex"04", signerKeyOf(owner)),
            abi.encodeWithSelector(ForcedTx.BadSignerKeyLength.selector, uint256(65))
        );
    }

    function test_rejectsASignerKeyOffTheCurveOrOutOfRange() public {
        uint256 at = ForcedTx.SIGNER_KEY;
        expectRejected(
            update,
            abi.encodePacked(owner.publicKeyX, owner.publicKeyY ^ 1),
            abi.encodeWithSelector(ForcedTx.KeyNotOnCurve.selector, at)
        );
        expectRejected(
            update,
            abi.encodePacked(SECP256K1_P, owner.publicKeyY),
            abi.encodeWithSelector(ForcedTx.KeyCoordinateOutOfRange.selector, at)
        );
    }

    function test_rejectsASignerKeyForFinaliseRecovery() public {
        expectRejected(
            finaliseRecovery(account), signerKeyOf(owner), abi.encodeWithSelector(ForcedTx.UnexpectedSignerKey.selector)
        );
    }

    // ------------------------------------------------------------------ valid settings (§6.6)

    function test_rejectsInvalidThresholds() public {
        bytes4 e = ForcedTx.InvalidThreshold.selector;
        expectRejected(withByte(update, U_THRESHOLD, 0), abi.encodeWithSelector(e, uint8(0), uint256(3)));
        expectRejected(withByte(update, U_THRESHOLD, 4), abi.encodeWithSelector(e, uint8(4), uint256(3)));
        bytes memory none = updateConfig(account, 0, settings(owner, 0, 0), hex"00", owner.privateKey);
        expectRejected(withByte(none, U_THRESHOLD, 1), abi.encodeWithSelector(e, uint8(1), uint256(0)));
    }

    function test_rejectsRecoveryDelaysOutOfRange() public {
        bytes4 e = ForcedTx.InvalidRecoveryDelay.selector;
        expectRejected(withDelay(update, U_DELAY, 3599), abi.encodeWithSelector(e, uint64(3599)));
        expectRejected(withDelay(update, U_DELAY, 2592001), abi.encodeWithSelector(e, uint64(2592001)));
        // the bounds themselves are valid (the signature then no longer matches)
        expectRejected(
            withDelay(update, U_DELAY, 3600), signerKeyOf(owner), wrongSignerOf(withDelay(update, U_DELAY, 3600))
        );
    }

    function test_rejectsTheSameGuardianTwice() public {
        bytes memory t = bytes.concat(update);
        for (uint256 i; i < 65; ++i) {
            t[U_GUARDIAN + 130 + i] = t[U_GUARDIAN + i];
        }
        expectRejected(t, abi.encodeWithSelector(ForcedTx.DuplicateGuardian.selector, uint256(0), uint256(2)));
    }

    function test_rejectsInvalidInitialSettingsInACreation() public {
        bytes memory t = updateConfig(account, 0, settings(owner, 3, 2), creation(SALT, owner, 3, 2), owner.privateKey);
        expectRejected(
            withByte(t, UC_OWNER + 65, 3 + 1),
            abi.encodeWithSelector(ForcedTx.InvalidThreshold.selector, uint8(4), uint256(3))
        );
    }

    function test_rejectsACreationThatDoesNotHashToTheAccount() public {
        bytes memory t =
            updateConfig(account, 0, settings(owner, 3, 2), creation(SALT + 1, owner, 3, 2), owner.privateKey);
        expectRejected(
            t, abi.encodeWithSelector(ForcedTx.AddressMismatch.selector, account, accountOf(SALT + 1, owner, 3, 2))
        );
        bytes memory a = approveRecovery(account, 0, thief, 0, creation(SALT, owner, 2, 1), guardians[0].privateKey);
        expectRejected(
            a,
            signerKeyOf(guardians[0]),
            abi.encodeWithSelector(ForcedTx.AddressMismatch.selector, account, accountOf(SALT, owner, 2, 1))
        );
    }

    // ------------------------------------------------------------------ fuzz

    /// @notice Random bytes are not a valid signed transaction.
    function testFuzz_rejectsRandomEncodings(bytes calldata t) public {
        vm.expectRevert();
        harness.validate(t, signerKeyOf(owner), separator);
    }

    /// @notice Random bytes after a valid header and length are rejected too.
    function testFuzz_rejectsRandomBodiesOfEveryLength(uint8 which, bytes32 seed) public {
        uint256[6] memory lengths = [uint256(462), 860, 162, 560, 95, 22];
        uint256 i = which % 6;
        bytes memory t = new bytes(lengths[i]);
        for (uint256 j; j < t.length; j += 32) {
            bytes32 w = keccak256(abi.encode(seed, j));
            for (uint256 k; k < 32 && j + k < t.length; ++k) {
                t[j + k] = w[k];
            }
        }
        t[0] = 0x01;
        t[1] = bytes1(uint8(i / 2 + 1));
        if (i < 4) t[i < 2 ? U_FLAG : A_FLAG] = bytes1(uint8(i % 2));
        if (i == 5) return; // FinaliseRecovery: any account is a valid (unsigned) transaction
        vm.expectRevert();
        harness.validate(t, signerKeyOf(owner), separator);
    }

    /// @notice Changing any byte of a signed transaction makes it invalid (the signature,
    ///         the address or a decoding rule catches it).
    function testFuzz_rejectsAnyChangedByteOfASignedTransaction(uint256 at, uint8 delta) public {
        vm.assume(delta != 0);
        at = bound(at, 0, update.length - 1);
        bytes memory t = withByte(update, at, uint8(update[at]) ^ delta);
        vm.expectRevert();
        harness.validate(t, signerKeyOf(owner), separator);
    }

    /// @notice Random signatures do not pass for the owner's key.
    function testFuzz_rejectsRandomSignatures(bytes32 r, bytes32 s, uint8 v) public {
        bytes memory t = bytes.concat(truncate(update, U_SIG), r, s, bytes1(v));
        vm.expectRevert();
        harness.validate(t, signerKeyOf(owner), separator);
    }

    // ------------------------------------------------------------------ helpers

    function truncate(bytes memory t, uint256 length) internal pure returns (bytes memory c) {
        c = new bytes(length);
        for (uint256 i; i < length; ++i) {
            c[i] = t[i];
        }
    }

    function withDelay(bytes memory t, uint256 at, uint64 delay) internal pure returns (bytes memory c) {
        c = bytes.concat(t);
        for (uint256 i; i < 8; ++i) {
            c[at + i] = bytes8(delay)[i];
        }
    }

    /// @dev The WrongSigner revert of `t` (valid in form) for the owner's key.
    function wrongSignerOf(bytes memory t) internal view returns (bytes memory) {
        ForcedTx.Decoded memory d = harness.decode(t, separator);
        return abi.encodeWithSelector(ForcedTx.WrongSigner.selector, recoverSigner(t, d), owner.addr);
    }
}
