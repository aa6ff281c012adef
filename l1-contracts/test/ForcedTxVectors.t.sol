// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ForcedTx} from "../src/ForcedTx.sol";
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
        assertEq(n, 13, "cases");
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
            return e == ForcedTx.BadSignerKeyLength.selector || e == ForcedTx.UnexpectedSignerKey.selector
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
