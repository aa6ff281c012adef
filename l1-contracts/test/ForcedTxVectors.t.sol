// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ForcedTx} from "../src/ForcedTx.sol";
import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {RollupFixture} from "./KeystoreRollup.t.sol";
import {ForcedTxHarness} from "./ForcedTxBuilder.sol";

/// @notice test-vectors/forced-tx-v1.json, made by the Java reference (ForcedTransaction): the
///         rollup, deployed at the vectors' verifyingContract on their chain (RollupFixture),
///         queues every valid case with the Java digest and forceId, and refuses every invalid
///         one with an error of the Java problem's kind.
contract ForcedTxVectorsTest is RollupFixture {
    string internal json;
    ForcedTxHarness internal harness;

    function setUp() public override {
        super.setUp();
        json = readProjectFile("../test-vectors/forced-tx-v1.json");
        harness = new ForcedTxHarness();
    }

    function test_theVectorsDomainIsTheRollups() public view {
        assertEq(block.chainid, vm.parseJsonUint(json, ".domain.chainId"), "chain id");
        assertEq(address(rollup), vm.parseJsonAddress(json, ".domain.verifyingContract"), "verifying contract");
        assertEq(rollup.domainSeparator(), vm.parseJsonBytes32(json, ".domain.separator"), "separator");
    }

    function test_everyValidCaseIsQueuedWithTheJavaDigestAndForceId() public {
        uint256 n;
        for (uint256 i;; ++i) {
            string memory at = jsonPath(".cases", i, "");
            if (!vm.keyExistsJson(json, string.concat(at, ".tx"))) break;
            bytes memory t = vm.parseJsonBytes(json, string.concat(at, ".tx"));
            bytes memory key = vm.parseJsonBytes(json, string.concat(at, ".signerKey"));
            string memory name = vm.parseJsonString(json, string.concat(at, ".name"));
            if (vm.keyExistsJson(json, string.concat(at, ".digest"))) {
                assertEq(
                    harness.decode(t, rollup.domainSeparator()).digest,
                    vm.parseJsonBytes32(json, string.concat(at, ".digest")),
                    string.concat(name, ": digest")
                );
            }
            (uint256 index, bytes32 id) = rollup.forceInclude(t, key);
            assertEq(index, i, string.concat(name, ": index"));
            assertEq(id, vm.parseJsonBytes32(json, string.concat(at, ".forceId")), string.concat(name, ": forceId"));
            n++;
        }
        assertEq(n, 17, "cases");
        assertEq(rollup.forceQueueLength(), n, "all queued");
    }

    function test_everyInvalidCaseIsRefusedWithAnErrorOfItsKind() public {
        uint256 n;
        for (uint256 i;; ++i) {
            string memory at = jsonPath(".invalid", i, "");
            if (!vm.keyExistsJson(json, string.concat(at, ".tx"))) break;
            bytes memory t = vm.parseJsonBytes(json, string.concat(at, ".tx"));
            bytes memory key = vm.parseJsonBytes(json, string.concat(at, ".signerKey"));
            string memory name = vm.parseJsonString(json, string.concat(at, ".name"));
            string memory problem = vm.parseJsonString(json, string.concat(at, ".error"));
            try rollup.forceInclude(t, key) {
                fail(string.concat(name, ": queued"));
            } catch (bytes memory reason) {
                assertTrue(isOfKind(reason, problem), string.concat(name, ": not a ", problem, " error"));
            }
            n++;
        }
        assertEq(n, 14, "invalid cases");
        assertEq(rollup.forceQueueLength(), 0, "nothing queued");
    }

    /// @notice test-vectors/batch-witness-v1.json (the Java batches, forced ones included): the
    ///         contract's public input, from the witness header's fields and forced ids, is the
    ///         one Java computed (proof.md §7.3), and each forced transaction queued on L1 gets the
    ///         id that the header carries, in order.
    function test_thePublicInputOfEveryJavaBatchIsJavas() public {
        string memory batches = readProjectFile("../test-vectors/batch-witness-v1.json");
        uint256 n;
        uint256 forced;
        for (uint256 i;; ++i) {
            string memory at = jsonPath(".batches", i, "");
            if (!vm.keyExistsJson(batches, string.concat(at, ".witness"))) break;
            n++;
            forced += checkBatch(batches, at);
        }
        assertEq(n, 41, "batches");
        assertEq(forced, 24, "forced transactions");
    }

    /// @dev Checks the batch at JSON path `at`; returns its number of forced transactions.
    function checkBatch(string memory batches, string memory at) internal returns (uint256) {
        string memory name = vm.parseJsonString(batches, string.concat(at, ".name"));
        uint256 slots = vm.parseJsonUint(batches, string.concat(at, ".slots"));
        bytes memory w = vm.parseJsonBytes(batches, string.concat(at, ".witness"));
        bytes32[] memory ids = forcedIdsOf(w, slots < 4 ? slots : 4);
        assertEq(
            bytes32(inputOf(w, slots, ids)),
            vm.parseJsonBytes32(batches, string.concat(at, ".publicInput")),
            string.concat(name, ": public input")
        );
        for (uint256 j; j < ids.length; ++j) {
            string memory fx = string.concat(at, jsonPath(".forced", j, ""));
            (, bytes32 id) = rollup.forceInclude(
                vm.parseJsonBytes(batches, string.concat(fx, ".tx")),
                vm.parseJsonBytes(batches, string.concat(fx, ".signerKey"))
            );
            assertEq(id, ids[j], string.concat(name, ": the header's forced id"));
            assertEq(id, vm.parseJsonBytes32(batches, string.concat(fx, ".forceId")), string.concat(name, ": forceId"));
        }
        return ids.length;
    }

    /// @dev The contract's public input for the header of witness `w`.
    function inputOf(bytes memory w, uint256 slots, bytes32[] memory ids) internal view returns (uint256) {
        uint256 f = slots < 4 ? slots : 4;
        bytes memory updates;
        for (uint256 k; k < element(w, 7); ++k) {
            updates = bytes.concat(
                updates,
                KeystoreProtocol.encodeUpdate(
                    address(uint160(element(w, 8 + 2 * f + 2 * k))), element(w, 9 + 2 * f + 2 * k)
                )
            );
        }
        return rollup.publicInput(
            slots,
            bytes32(element(w, 2)),
            bytes32(element(w, 3)),
            uint64(element(w, 4)),
            uint64(element(w, 5)),
            uint64(element(w, 6)),
            ids,
            updates
        );
    }

    /// @dev Witness element k (32 bytes big-endian).
    function element(bytes memory w, uint256 k) internal pure returns (uint256 e) {
        assembly {
            e := mload(add(add(w, 32), mul(k, 32)))
        }
    }

    /// @dev The non-zero forced ids of a witness header (halves at 8 + 2j, 9 + 2j).
    function forcedIdsOf(bytes memory w, uint256 f) internal pure returns (bytes32[] memory ids) {
        ids = new bytes32[](f);
        uint256 count;
        for (uint256 j; j < f; ++j) {
            uint256 id = (element(w, 8 + 2 * j) << 128) | element(w, 9 + 2 * j);
            if (id != 0) ids[count++] = bytes32(id);
        }
        assembly {
            mstore(ids, count)
        }
    }

    /// @dev The Java problem codes (ForcedTransaction.Problem) and the contract's errors.
    function isOfKind(bytes memory reason, string memory problem) internal pure returns (bool) {
        bytes4 e = bytes4(reason);
        bytes32 p = keccak256(bytes(problem));
        bool aboutSignerKey = (e == ForcedTx.KeyNotOnCurve.selector || e == ForcedTx.KeyCoordinateOutOfRange.selector)
            && offsetOf(reason) == ForcedTx.SIGNER_KEY;
        if (p == keccak256("MALFORMED")) {
            return e == ForcedTx.BadTxLength.selector || e == ForcedTx.UnsupportedVersion.selector
                || e == ForcedTx.UnknownTxType.selector || e == ForcedTx.NotAFieldElement.selector
                || e == ForcedTx.UnknownKeyScheme.selector || e == ForcedTx.NonZeroEmptyKeySlot.selector
                || e == ForcedTx.KeyAfterEmptySlot.selector || e == ForcedTx.BadCreationFlag.selector
                || e == ForcedTx.BadGuardianIndex.selector || e == ForcedTx.MalformedSignature.selector
                || ((e == ForcedTx.KeyNotOnCurve.selector || e == ForcedTx.KeyCoordinateOutOfRange.selector)
                    && !aboutSignerKey);
        }
        if (p == keccak256("ZERO_ACCOUNT")) return e == ForcedTx.ZeroAccount.selector;
        if (p == keccak256("INVALID_SETTINGS")) {
            return e == ForcedTx.InvalidThreshold.selector || e == ForcedTx.InvalidRecoveryDelay.selector
                || e == ForcedTx.DuplicateGuardian.selector;
        }
        if (p == keccak256("ADDRESS_MISMATCH")) return e == ForcedTx.AddressMismatch.selector;
        if (p == keccak256("BAD_SIGNER_KEY")) {
            return
                e == ForcedTx.BadSignerKeyLength.selector || e == ForcedTx.UnexpectedSignerKey.selector
                    || aboutSignerKey;
        }
        if (p == keccak256("BAD_SIGNATURE")) return e == ForcedTx.WrongSigner.selector;
        return false;
    }

    function offsetOf(bytes memory reason) internal pure returns (uint256 offset) {
        if (reason.length < 36) return 0;
        assembly {
            offset := mload(add(reason, 36))
        }
    }
}
